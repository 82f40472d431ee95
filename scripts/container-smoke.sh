#!/usr/bin/env bash
# Container smoke test: builds the real Dockerfile and runs the image the way
# a self-hoster would (issue 12, item 6), then checks that the data survives
# a restart (a new container on the same named volume). Also validates
# docker-compose.yml.
#
# There is no Docker engine on these machines and Docker Hub cannot be
# reached, so (see docs/decisions/015-container-smoke-with-podman.md):
# - Debian's podman runs with Debian's runc (crun fails on this kernel's
#   hybrid cgroups) and `default_ulimits = []` (setrlimit is refused);
# - the base image node:20-bookworm-slim is made locally once, with
#   debootstrap and this machine's Node, and cached under its real name, so
#   the Dockerfile builds unchanged;
# - npm settings this machine needs for the build (headers for compiling
#   better-sqlite3, which cannot download them, and the CA bundle) reach the
#   build's RUN steps through a bind-mounted global npmrc, never an ENV that
#   would end up in the image.
#
# Idempotent; needs root (as CI and these machines run). Prints the time of
# each step. Leaves the base and app images (layer cache for the next run)
# and removes the container and volume it made, on success or failure.
#
# --base-image-only: installs the tools and makes the base image, then stops.
# .ci/run starts that while the tests run: debootstrap mostly waits on
# Debian's mirror, so it costs the tests little.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE_ONLY=false
case "${1:-}" in
  --base-image-only) BASE_IMAGE_ONLY=true ;;
  "") ;;
  *) echo "usage: $0 [--base-image-only]" >&2; exit 2 ;;
esac

BASE_IMAGE=docker.io/library/node:20-bookworm-slim
APP_IMAGE=localhost/thumbsmith:smoke
CONTAINER=thumbsmith-smoke-$$
VOLUME=thumbsmith-smoke-data-$$
WORK=$(mktemp -d /var/tmp/thumbsmith-smoke.XXXXXX)
HEALTH_TIMEOUT_S=${SMOKE_HEALTH_TIMEOUT_S:-180}
GENERATION_TIMEOUT_S=${SMOKE_GENERATION_TIMEOUT_S:-300}

started_at=$(date +%s)
step_started_at=$started_at
timings=()
step() {
  step_started_at=$(date +%s)
  echo "==> $*" >&2
}
done_step() {
  local took=$(( $(date +%s) - step_started_at ))
  timings+=("$(printf '%-34s %5ss' "$1" "$took")")
  echo "    $1: ${took}s" >&2
}
fail() {
  echo "container-smoke: $*" >&2
  exit 1
}

cleanup() {
  local status=$?
  if command -v podman >/dev/null 2>&1; then
    if [ "$status" -ne 0 ] && pod container exists "$CONTAINER" 2>/dev/null; then
      echo "--- last lines of the container's log ---" >&2
      pod logs --tail 60 "$CONTAINER" >&2 || true
    fi
    pod rm -f -t 5 "$CONTAINER" >/dev/null 2>&1 || true
    pod volume rm -f "$VOLUME" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  if [ ${#timings[@]} -gt 0 ]; then
    echo "--- container smoke timings ---" >&2
    printf '%s\n' "${timings[@]}" >&2
    printf '%-34s %5ss\n' "total" "$(( $(date +%s) - started_at ))" >&2
  fi
  if [ "$status" -ne 0 ]; then
    echo "container smoke: FAILED" >&2
  elif [ "$BASE_IMAGE_ONLY" = true ]; then
    echo "container smoke: tools and base image ready" >&2
  else
    echo "container smoke: passed" >&2
  fi
  exit "$status"
}
trap cleanup EXIT

# --- tools -------------------------------------------------------------------
step "tools (apt-get only for what is missing)"
need=()
for tool in podman runc debootstrap podman-compose curl; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi
RUNC=$(command -v runc)
pod() { podman --runtime "$RUNC" "$@"; }

conf=/etc/containers/containers.conf
if ! grep -qsE '^[[:space:]]*default_ulimits[[:space:]]*=[[:space:]]*\[\]' "$conf"; then
  mkdir -p "$(dirname "$conf")"
  if grep -qsE '^[[:space:]]*default_ulimits[[:space:]]*=' "$conf"; then
    sed -i -E 's/^[[:space:]]*default_ulimits[[:space:]]*=.*/default_ulimits = []/' "$conf"
  elif grep -qsE '^\[containers\]' "$conf"; then
    sed -i -E '/^\[containers\]/a default_ulimits = []' "$conf"
  else
    printf '\n[containers]\ndefault_ulimits = []\n' >>"$conf"
  fi
  echo "set default_ulimits = [] in $conf" >&2
fi
done_step "tools"

# --- compose file ------------------------------------------------------------
step "validate docker-compose.yml"
# Debian's podman-compose (1.0.3) has no `config`, and the images it names
# cannot be pulled here: compose-check.py reads the file with
# podman-compose's own parser and checks the setup docs/larger-setup.md describes.
python3 scripts/compose-check.py docker-compose.yml
done_step "compose config"

# --- base image ----------------------------------------------------------------
step "base image $BASE_IMAGE"
if pod image exists "$BASE_IMAGE"; then
  echo "    cached" >&2
else
  node_bin=$(readlink -f "$(command -v node)")
  node_prefix=$(dirname "$(dirname "$node_bin")")
  npm_dir=$(npm root -g)/npm
  [ -d "$node_prefix/include/node" ] || fail "no Node headers at $node_prefix/include/node (better-sqlite3 must compile against them)"
  root=$WORK/rootfs
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
  # Laid out like the official image: everything under /usr/local.
  install -D -m 0755 "$node_bin" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules" "$root/usr/local/include"
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  cp -a "$node_prefix/include/node" "$root/usr/local/include/node"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | pod import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
  pod run --rm "$BASE_IMAGE" node -e 'process.exit(process.versions.node.startsWith("20.") ? 0 : 1)' \
    || fail "the base image's node is not Node 20"
fi
done_step "base image"
[ "$BASE_IMAGE_ONLY" = true ] && exit 0

# --- app image ------------------------------------------------------------------
step "build $APP_IMAGE from the Dockerfile"
ca_bundle=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
[ -f "$ca_bundle" ] || fail "no CA bundle at $ca_bundle"
# Read by npm in every RUN step as its global config ($PREFIX/etc/npmrc).
# The folder is mounted over the image's empty /usr/local/etc: a file mounted
# where none exists would leave an empty file behind in the layer.
# nodedir: better-sqlite3 falls back to compiling and would otherwise
# download Node's headers.
mkdir -p "$WORK/npm"
cp "$ca_bundle" "$WORK/npm/build-ca.crt"
printf 'nodedir=/usr/local\ncafile=/usr/local/etc/build-ca.crt\n' >"$WORK/npm/npmrc"
# --format docker: the OCI format has no HEALTHCHECK, and podman drops it.
# --jobs 2: the build and production-deps stages (both after the install) run side by side.
pod build --network=host --format docker --jobs 2 \
  --volume "$WORK/npm:/usr/local/etc:ro" \
  -t "$APP_IMAGE" -f Dockerfile . >"$WORK/build.log" 2>&1 \
  || { tail -40 "$WORK/build.log" >&2; fail "podman build failed"; }
pod run --rm --no-healthcheck --entrypoint sh "$APP_IMAGE" -c \
  'test ! -e /usr/local/etc/npmrc && test ! -e /usr/local/etc/build-ca.crt && test -z "${npm_config_nodedir:-}${NODE_EXTRA_CA_CERTS:-}"' \
  || fail "build-only npm settings leaked into the image"
case "$(pod image inspect --format '{{.Config.Healthcheck}}' "$APP_IMAGE")" in
  ''|'<nil>') fail "the image has no HEALTHCHECK" ;;
esac
echo "    image size: $(pod image inspect --format '{{.Size}}' "$APP_IMAGE" | awk '{printf "%d MB", $1/1000000}')" >&2
done_step "app image build"

# --- run -------------------------------------------------------------------------
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
URL=http://127.0.0.1:$port

wait_healthy() {
  # podman runs HEALTHCHECK on a systemd timer; with no systemd here nothing
  # runs it, so run the Dockerfile's check ourselves until it passes.
  local deadline=$(( $(date +%s) + HEALTH_TIMEOUT_S ))
  until pod healthcheck run "$CONTAINER" >/dev/null 2>&1; do
    [ "$(pod inspect --format '{{.State.Running}}' "$CONTAINER")" = true ] || fail "the container stopped"
    [ "$(date +%s)" -lt "$deadline" ] || fail "not healthy within ${HEALTH_TIMEOUT_S}s"
    sleep 2
  done
  local status
  status=$(pod inspect --format '{{.State.Health.Status}}' "$CONTAINER" 2>/dev/null \
    || pod inspect --format '{{.State.Healthcheck.Status}}' "$CONTAINER")
  [ "$status" = healthy ] || fail "health status is '$status' after a passing check"
}

start_container() {
  # COOKIE_SECURE=false: the session cookie must come back over plain http.
  # PUBLIC_URL: the Origin check compares posts' Origin with it.
  # podman logs two errors here: it cannot reach systemd to schedule the
  # HEALTHCHECK (wait_healthy runs it instead).
  pod run -d --name "$CONTAINER" \
    -p "127.0.0.1:$port:3000" \
    -v "$VOLUME:/data" \
    -e COOKIE_SECURE=false \
    -e "PUBLIC_URL=$URL" \
    "$APP_IMAGE" >/dev/null
}

step "run the container (volume $VOLUME, $URL)"
pod volume create "$VOLUME" >/dev/null
start_container
wait_healthy
done_step "start until healthy"

# --- sign up, upload, generate ----------------------------------------------------
jar=$WORK/cookies
email="smoke-$$@example.com"
password="smoke-password-$$"
post() { curl -sS -o "$WORK/body" -w '%{http_code} %{redirect_url}\n' -b "$jar" -c "$jar" -H "Origin: $URL" "$@"; }
data() { curl -sS -f -b "$jar" "$URL$1" ; }

step "sign up, upload a portrait, generate one batch"
read -r code location < <(post --data-urlencode "email=$email" --data-urlencode "password=$password" "$URL/signup")
[ "$code" = 302 ] || { head -c 500 "$WORK/body" >&2; fail "signup answered $code"; }
read -r code _ < <(post -H 'Accept: text/html' -F "photos=@tests/fixtures/astronaut.png;type=image/png" "$URL/portraits")
[ "$code" = 200 ] || [ "$code" = 302 ] || { head -c 500 "$WORK/body" >&2; fail "portrait upload answered $code"; }
data '/generate?_data=routes%2Fgenerate' >"$WORK/generate.json"
portrait_id=$(node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));if(!d.portraits?.length)process.exit(1);console.log(d.portraits[0].id)' "$WORK/generate.json") \
  || fail "the uploaded portrait is not listed on /generate"
submission_key=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).submissionKey)' "$WORK/generate.json")
read -r code location < <(post --data-urlencode "portraitId=$portrait_id" --data-urlencode "keywords=container smoke test" \
  --data-urlencode "backgroundCount=1" --data-urlencode "submissionKey=$submission_key" "$URL/generate")
[ "$code" = 302 ] || { head -c 500 "$WORK/body" >&2; fail "generate answered $code"; }
generation_id=${location##*/gallery/}
[ -n "$generation_id" ] && [ "$generation_id" != "$location" ] || fail "generate redirected to '$location', not a gallery page"
done_step "sign up + generate"

generation_json() { data "/gallery/$generation_id?_data=routes%2Fgallery_.%24generationId"; }
generation_field() {
  node -e 'const g=JSON.parse(require("fs").readFileSync(0,"utf8")).generation;
    const f={status:()=>g.status,thumbnails:()=>g.thumbnails.map(t=>t.id).sort().join(" ")};console.log(f[process.argv[1]]())' "$1"
}

step "wait for generation $generation_id to finish"
deadline=$(( $(date +%s) + GENERATION_TIMEOUT_S ))
while :; do
  status=$(generation_json | generation_field status)
  case "$status" in
    completed) break ;;
    partial|failed) generation_json | head -c 2000 >&2; echo >&2; fail "the generation ended $status" ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || fail "generation still $status after ${GENERATION_TIMEOUT_S}s"
  sleep 2
done
thumbnails=$(generation_json | generation_field thumbnails)
[ -n "$thumbnails" ] || fail "a completed generation with no thumbnails"
first_thumbnail=${thumbnails%% *}
data "/resources/thumbnails/$first_thumbnail" >"$WORK/thumbnail-before"
[ -s "$WORK/thumbnail-before" ] || fail "thumbnail $first_thumbnail is empty"
echo "    $(wc -w <<<"$thumbnails") thumbnail(s); $first_thumbnail is $(wc -c <"$WORK/thumbnail-before") bytes" >&2
done_step "generation completed + download"

# --- restart: is everything still there? ---------------------------------------------
# A new container on the same volume, as an upgrade does: a plain restart
# would keep the old container's own filesystem and prove nothing about /data.
step "stop, remove and start a new container on the same volume"
pod stop -t 30 "$CONTAINER" >/dev/null
pod rm "$CONTAINER" >/dev/null
start_container
wait_healthy
done_step "restart until healthy"

step "log in again; the generation and its images survived"
rm -f "$jar"
read -r code location < <(post --data-urlencode "email=$email" --data-urlencode "password=$password" "$URL/login")
[ "$code" = 302 ] || { head -c 500 "$WORK/body" >&2; fail "login after restart answered $code"; }
[ "$(generation_json | generation_field status)" = completed ] || fail "the generation is not completed after the restart"
[ "$(generation_json | generation_field thumbnails)" = "$thumbnails" ] || fail "the generation's thumbnails changed across the restart"
data "/resources/thumbnails/$first_thumbnail" >"$WORK/thumbnail-after"
cmp -s "$WORK/thumbnail-before" "$WORK/thumbnail-after" || fail "thumbnail $first_thumbnail differs after the restart"
done_step "data survived the restart"
