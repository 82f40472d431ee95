#!/usr/bin/env python3
"""Validates docker-compose.yml (the larger setup) without a container engine.

Debian 12's podman-compose (1.0.3) has no `config` command and its
`--dry-run up` still creates volumes and networks, so this reads the file
with podman-compose's own parser (YAML with merge keys, normalisation,
${VAR:?...} interpolation, dependency resolution) and then checks what the
docs/larger-setup.md promises about the setup. Exits non-zero with one line per problem.

Usage: python3 scripts/compose-check.py [docker-compose.yml]
"""
import copy
import os
import re
import sys

sys.path.append("/usr/lib/python3/dist-packages")
import yaml  # noqa: E402  (Debian's python3-yaml, a dependency of podman-compose)
import podman_compose  # noqa: E402

REQUIRED = {
    "SESSION_SECRET": "session-secret-for-the-check",
    "POSTGRES_PASSWORD": "postgres-password-for-the-check",
    "MINIO_ROOT_PASSWORD": "minio-password-for-the-check",
}


def parse(path, environ):
    """The steps of podman-compose's _parse_compose_file, without its side effects."""
    with open(path) as f:
        content = yaml.safe_load(f)
    if not isinstance(content, dict):
        raise RuntimeError("the compose file has no top-level mapping")
    content = podman_compose.normalize(content)
    content = podman_compose.rec_subs(content, environ)
    services = content.get("services") or {}
    for name, service in services.items():
        for dep in dependencies(service):
            if dep not in services:
                raise RuntimeError(f"service {name} depends on unknown service {dep}")
    podman_compose.flat_deps(services)
    return content


def dependencies(service):
    deps = service.get("depends_on") or []
    return list(deps.keys()) if isinstance(deps, dict) else list(deps)


def main(path):
    problems = []
    base_env = {k: v for k, v in os.environ.items() if k not in REQUIRED}

    # Each secret must be given: a default would be the same on every install.
    for name in REQUIRED:
        env = dict(base_env, **{k: v for k, v in REQUIRED.items() if k != name})
        try:
            parse(path, env)
            problems.append(f"{name} is not required: the file parses without it")
        except RuntimeError as error:
            if name not in str(error):
                problems.append(f"without {name} the error does not name it: {error}")

    try:
        compose = parse(path, dict(base_env, **REQUIRED))
    except (RuntimeError, KeyError, yaml.YAMLError) as error:
        print(f"compose-check: {path} does not parse: {error}", file=sys.stderr)
        return 1
    services = compose.get("services") or {}
    declared_volumes = set((compose.get("volumes") or {}).keys())

    def env_of(name):
        return services[name].get("environment") or {}

    def command_of(name):
        command = services[name].get("command") or []
        return " ".join(command) if isinstance(command, list) else command

    def image_of(name):
        return services[name].get("image") or ""

    def replicas(name):
        return int(((services[name].get("deploy") or {}).get("replicas")) or 1)

    app = [n for n in services if services[n].get("build") or image_of(n).startswith("thumbsmith")]
    workers = [n for n in app if "npm run worker" in command_of(n)]
    webs = [n for n in app if n not in workers]

    if sum(replicas(n) for n in webs) < 2:
        problems.append(f"fewer than two web instances: {webs}")
    if sum(replicas(n) for n in workers) < 2:
        problems.append(f"fewer than two workers: {workers}")

    postgres = [n for n in services if image_of(n).startswith("postgres:")]
    store = [n for n in services if image_of(n).startswith(("minio/minio", "dxflrs/garage"))]
    if len(postgres) != 1:
        problems.append(f"expected one PostgreSQL service, found {postgres}")
    if len(store) != 1:
        problems.append(f"expected one S3-compatible store (MinIO or Garage), found {store}")

    secrets = set()
    for name in app:
        env = env_of(name)
        secrets.add(env.get("SESSION_SECRET"))
        url = str(env.get("DATABASE_URL", ""))
        if not (postgres and re.match(rf"^postgres(ql)?://[^@]+@{postgres[0]}:5432/", url)):
            problems.append(f"{name}: DATABASE_URL does not point at the PostgreSQL service: {url!r}")
        if env.get("STORAGE_DRIVER") != "s3":
            problems.append(f"{name}: STORAGE_DRIVER is not s3")
        for key in ("S3_BUCKET", "S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "PUBLIC_URL"):
            if not env.get(key):
                problems.append(f"{name}: {key} is not set")
        if store and not str(env.get("S3_ENDPOINT", "")).startswith(f"http://{store[0]}:"):
            problems.append(f"{name}: S3_ENDPOINT does not point at the {store[0]} service")
        if store:
            store_env = env_of(store[0])
            if env.get("S3_ACCESS_KEY_ID") != store_env.get("MINIO_ROOT_USER") or env.get(
                "S3_SECRET_ACCESS_KEY"
            ) != store_env.get("MINIO_ROOT_PASSWORD"):
                problems.append(f"{name}: S3 credentials differ from the store's")
    if secrets != {REQUIRED["SESSION_SECRET"]}:
        problems.append("SESSION_SECRET is not the one given, the same for every instance")

    for name in webs:
        if str(env_of(name).get("RUNNER")) != "off":
            problems.append(f"{name}: RUNNER is not off (the workers run generations)")
        test = " ".join(str(t) for t in ((services[name].get("healthcheck") or {}).get("test") or []))
        if "/healthz" not in test and "/readyz" not in test:
            problems.append(f"{name}: no health check on /healthz or /readyz")
    for name in workers:
        if str(env_of(name).get("RUNNER", "")) == "off":
            problems.append(f"{name}: a worker with RUNNER=off")

    # A bucket must exist before the first upload: some service creates it.
    bucket = env_of(app[0]).get("S3_BUCKET") if app else None
    init = [n for n in services if "mc mb" in command_of(n) and str(bucket) in command_of(n)]
    if not init:
        problems.append(f"no service creates the bucket {bucket!r} (mc mb)")
    for name in app:
        if init and init[0] not in services[name]["_deps"]:
            problems.append(f"{name} does not wait for {init[0]}")
        if postgres and postgres[0] not in services[name]["_deps"]:
            problems.append(f"{name} does not wait for {postgres[0]}")

    for name in postgres + store:
        mounts = [str(v).split(":")[0] for v in services[name].get("volumes") or []]
        if not any(m in declared_volumes for m in mounts):
            problems.append(f"{name}: its data is not on a named volume")
    if postgres and not services[postgres[0]].get("healthcheck"):
        problems.append(f"{postgres[0]}: no health check")

    # One port in front of every web instance.
    proxies = [n for n in services if services[n].get("ports") and n not in app]
    if len(proxies) != 1:
        problems.append(f"expected one published proxy service, found {proxies}")
    else:
        conf = None
        for volume in services[proxies[0]].get("volumes") or []:
            source = str(volume).split(":")[0]
            if source.startswith(".") and source.endswith(".conf"):
                conf = os.path.join(os.path.dirname(os.path.abspath(path)), source)
        if not conf or not os.path.exists(conf):
            problems.append(f"{proxies[0]}: no committed config file mounted")
        else:
            text = open(conf).read()
            for name in webs:
                if not re.search(rf"^\s*server\s+{re.escape(name)}:3000\b", text, re.M):
                    problems.append(f"{conf}: the upstream does not list {name}:3000")
        if any(n in app for n in services if services[n].get("ports")):
            problems.append("an app instance publishes its own port beside the proxy")

    for problem in problems:
        print(f"compose-check: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"compose-check: {path} ok: web {webs}, workers {workers} x{sum(replicas(n) for n in workers)}, "
          f"PostgreSQL {postgres}, store {store}, bucket by {init}, proxy {proxies}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"))
