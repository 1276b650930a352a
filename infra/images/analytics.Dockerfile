# The analytics image: ingest, every analysis stage, predict, report re-rendering and questions
# run from it, each function choosing its handler with ImageConfig.Command. Built by `sam build`
# from the project root (DockerContext: .) and by the GitHub workflow; the local stack runs the
# same handlers from the project's own environment, so no Docker is needed on a laptop.
#
# Why not public.ecr.aws/lambda/python:3.11: that base is Amazon Linux 2 (glibc 2.26), and the
# pinned numpy, pandas, scipy, scikit-learn, pyarrow and duckdb ship only manylinux_2_28 wheels.
# Debian bookworm (glibc 2.36) with the same Python 3.11 the project is developed and tested on,
# plus AWS's runtime interface client, is the documented way to run any base image on Lambda.
FROM python:3.11-slim-bookworm

# LightGBM links OpenMP at import.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*

ENV LAMBDA_TASK_ROOT=/var/task
WORKDIR /var/task

# requirements.txt includes the layer's and the API function's files; copy them beside it.
COPY requirements.txt requirements-analytics.txt /tmp/req/
COPY shared/requirements.txt /tmp/req/shared/
COPY functions/api/requirements.txt /tmp/req/functions/api/
COPY infra/images/requirements-image.txt /tmp/req/
RUN pip install --no-cache-dir -r /tmp/req/requirements.txt -r /tmp/req/requirements-analytics.txt \
        -r /tmp/req/requirements-image.txt \
    && rm -rf /tmp/req

COPY shared/ /tmp/uam-shared/
RUN pip install --no-cache-dir --no-deps /tmp/uam-shared && rm -rf /tmp/uam-shared

COPY functions/ ${LAMBDA_TASK_ROOT}/functions/

# matplotlib needs a writable config dir; Lambda's only writable path is /tmp. OpenMP threads
# that spin while waiting made gradient boosting 5-10x slower on a busy machine.
ENV MPLBACKEND=Agg MPLCONFIGDIR=/tmp/matplotlib OMP_WAIT_POLICY=passive PYTHONPATH=/var/task
ENTRYPOINT ["python", "-m", "awslambdaric"]
CMD ["functions.preprocess.app.handler"]
