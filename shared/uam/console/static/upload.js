// A dataset upload as the API designs it: ask for a presigned POST, send the file straight to
// S3 (never through the API) with real progress, then say it is done.
import { api } from "./api.js";

export async function uploadDataset(projectId, file, onProgress) {
  if (file.size === 0) throw new Error(`${file.name} is empty (0 bytes): an empty file has no data to analyse.`);
  const presigned = await api("/datasets/presign", {
    method: "POST",
    json: { project_id: projectId, filename: file.name, size: file.size },
  });
  await postToStorage(presigned.upload, file, onProgress);
  // S3's own event starts the same ingest; saying so ourselves is quicker and harmless twice.
  await api(`/datasets/${presigned.dataset_id}/complete`, { method: "POST" });
  return presigned.dataset_id;
}

// XMLHttpRequest, not fetch: only it reports the upload's progress.
function postToStorage({ url, fields }, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", file); // after the policy's fields, as S3 requires
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new Error(`Storage refused the upload (${xhr.status}): ${storageMessage(xhr)}`));
    });
    xhr.addEventListener("error", () =>
      reject(
        new Error(
          "The upload to storage failed: the connection broke, or storage does not accept uploads from this page's address (CORS).",
        ),
      ),
    );
    xhr.send(form);
  });
}

// S3 explains a refusal in XML: <Error><Code>EntityTooLarge</Code><Message>…</Message></Error>.
function storageMessage(xhr) {
  const doc = new DOMParser().parseFromString(xhr.responseText || "", "application/xml");
  const message = doc.querySelector("Error > Message")?.textContent;
  const code = doc.querySelector("Error > Code")?.textContent;
  return message || code || "no reason given";
}
