# The portal's image: the same steps as bin/serve, which it runs. Configure it with the
# environment (README, Configuration): at least DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
# DATABASE_URL; uploaded documents go to the volume at /app/var/media.
FROM python:3.11-slim

# npm installs the chart library the dashboard serves (package-lock.json).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The requirements first, so that a change of code alone reuses the installed layer.
COPY bin/_venv.sh bin/
COPY requirements.txt requirements-dev.txt package.json package-lock.json ./
# bin/_venv.sh: .venv from requirements.txt and node_modules from package-lock.json, as
# bin/serve will find them already installed.
RUN bash -c "source bin/_venv.sh requirements.txt"
COPY . .

ENV DJANGO_DEBUG=false PORT=8000
EXPOSE 8000
VOLUME ["/app/var/media"]
CMD ["bin/serve"]
