# The LSTM lessons in Jupyter, in one image:
#
#   docker build -t lstm-lessons .
#   docker run -p 8888:8888 lstm-lessons          # then open the http://127.0.0.1:8888/lab?token=... it prints
#
# JupyterLab 4, Notebook 7, nbconvert, the JJava kernel (the maintained IJava) and JupyterHub's
# single-user server (which Binder starts) come from PyPI, at the versions requirements.txt pins.
#
# Build arguments (all optional):
#   BACKEND=cpu     (default) ND4J's CPU backend
#   BACKEND=cuda    ND4J's CUDA 11.6 backend (Maven profile cuda); pair it with
#                   RUNTIME_IMAGE=nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04 and run with --gpus all
#   BASE_IMAGE, RUNTIME_IMAGE   the build and runtime stages' base images (default debian:bookworm)
#
# Every step runs the project's one script, ./lessons, as README and CI do: `./lessons build` and
# `./lessons data` here, `./lessons jupyter`, `./lessons kernel` and `./lessons lab` in the image. Binder builds this
# file too (repo2docker uses a root Dockerfile before any other configuration).

ARG BASE_IMAGE=debian:bookworm
ARG RUNTIME_IMAGE=debian:bookworm

# ---------------------------------------------------------------------------------------- build
# JDK and the Maven wrapper: build lib/, lay out the notebook classpath, fetch the data sets
# (MNIST, the Moby-Dick corpus; verified by lib's DataStore) into the cache. None of this stage's
# tools reach the image.
FROM ${BASE_IMAGE} AS build
SHELL ["/bin/bash", "-euo", "pipefail", "-c"]
ARG BACKEND=cpu
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-17-jdk-headless ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ENV LSTM_LESSONS_CACHE=/opt/lstm-lessons-cache
RUN ./lessons build --backend "${BACKEND}" && ./lessons data

# -------------------------------------------------------------------------------------- runtime
FROM ${RUNTIME_IMAGE}
SHELL ["/bin/bash", "-euo", "pipefail", "-c"]
ARG NB_USER=jovyan
ARG NB_UID=1000
# pip trusts the system's CA bundle (ca-certificates, plus any CA the base image adds), like apt does.
ARG PIP_CERT=/etc/ssl/certs/ca-certificates.crt

# Binder's conventions: a user with UID 1000, HOME=/home/$NB_USER holding the repository.
ENV NB_USER=${NB_USER} \
    NB_UID=${NB_UID} \
    HOME=/home/${NB_USER} \
    PATH=/opt/jupyter/bin:${PATH} \
    LESSONS_VENV=/opt/jupyter \
    LESSONS_PREBUILT=1 \
    LESSONS_IP=0.0.0.0 \
    LESSONS_PORT=8888 \
    LSTM_LESSONS_CACHE=/data/lstm-lessons

# The JDK stays: JJava compiles every cell with JShell. Maven does not.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-17-jdk-headless python3 python3-venv ca-certificates \
    && { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dataset-fashion-mnist \
         || echo "no dataset-fashion-mnist package in this base image: lesson 3's Exercise 1 downloads Fashion-MNIST"; } \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --shell /bin/bash --uid "${NB_UID}" "${NB_USER}" \
    && mkdir -p /data/lstm-lessons && chown -R "${NB_UID}" /data

WORKDIR ${HOME}
# Jupyter first (its layer is kept while only the lessons change): requirements.txt into /opt/jupyter.
COPY --from=build --chown=${NB_UID} /src/lessons /src/requirements.txt ./
COPY --from=build --chown=${NB_UID} /src/tools ./tools
RUN ./lessons jupyter && rm -rf /root/.cache/pip

COPY --from=build --chown=${NB_UID} /src/README.md /src/LICENSE ./
COPY --from=build --chown=${NB_UID} /src/notebooks ./notebooks
COPY --from=build --chown=${NB_UID} /src/lib/target/lstm-lessons-lib-*.jar ./lib/target/
COPY --from=build --chown=${NB_UID} /src/lib/target/notebook-classpath ./lib/target/notebook-classpath
COPY --from=build --chown=${NB_UID} /opt/lstm-lessons-cache /data/lstm-lessons

# The kernel spec "Java (LSTM lessons)", for Jupyter's own search path (Binder starts Jupyter
# itself); ./lessons lab installs the same spec again at every start. HOME=/root: Jupyter's
# per-user folders must not be created in the user's home as root.
RUN HOME=/root ./lessons kernel --sys-prefix

USER ${NB_UID}
# Downloads (if a lesson needs more data) and saved models go here; mount a volume to keep them.
VOLUME ["/data"]
EXPOSE 8888
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 CMD ["python3", "tools/healthcheck.py"]
CMD ["./lessons", "lab"]
