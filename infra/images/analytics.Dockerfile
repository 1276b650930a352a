# The analytics image: every analysis stage, predict, report re-rendering and questions run
# from it, each function choosing its handler with ImageConfig.Command. Built by `sam build` from the project
# root (DockerContext: .) and by the GitHub workflow; the local stack runs the same handlers
# from the project's own environment, so no Docker is needed on a laptop.
FROM public.ecr.aws/lambda/python:3.11

COPY requirements.txt requirements-analytics.txt ./
RUN pip install --no-cache-dir -r requirements.txt -r requirements-analytics.txt

COPY shared/ /tmp/uam-shared/
RUN pip install --no-cache-dir --no-deps /tmp/uam-shared && rm -rf /tmp/uam-shared

COPY functions/ ${LAMBDA_TASK_ROOT}/functions/

# matplotlib needs a writable config dir; Lambda's only writable path is /tmp. OpenMP threads
# that spin while waiting made gradient boosting 5-10x slower on a busy machine.
ENV MPLBACKEND=Agg MPLCONFIGDIR=/tmp/matplotlib OMP_WAIT_POLICY=passive
CMD ["functions.preprocess.app.handler"]
