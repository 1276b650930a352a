"""The analysis stages around `uam.analysis`: each fetches its inputs, calls the pure analysis
code, stores its outputs and moves the run. Plain functions of (run id, clients), so a Lambda
handler or a Fargate task can call them alike."""
