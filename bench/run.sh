#!/usr/bin/env bash
# Builds KerasSharp.Bench (Release) and runs, one after the other:
#   1. peers.py --sets tutorial - KerasSharp (KerasSharp.Bench --only keras) against raw TorchSharp (NCHW, and the
#      "Keras way" NHWC) and PyTorch (pytorch_step.py, channels_last and NCHW): one child process per peer and round,
#      the order rotating over BENCH_ROUNDS rounds; medians, ranges and per-round ratios
#   1b. peers.py --sets mnist - Keras 2.2.4's mnist_cnn.py model, KerasSharp against PyTorch channels_last and NCHW,
#      alternated the same way (BENCH_MNIST=0 skips it)
#   1c. peers.py --sets cifar10-epoch - the whole tutorial epoch on real CIFAR-10: examples/Cifar10 against
#      bench/accuracy/cifar10_torch_reference.py, alternated (only with BENCH_CIFAR10_EPOCH=1: needs the data set)
#   2b. KerasSharp.Bench --interleaved - all variants round-robin in one process (robust ratios)
#   2d. KerasSharp.Bench --interleaved --variants keras,keras-functional - the tutorial model as Sequential and as a
#       Functional model, interleaved (BENCH_PAIRS=0 skips 2d and 2e)
#   2e. KerasSharp.Bench --interleaved --variants resnet-nhwc,resnet-keras - ResNet20 v1 (cifar10_resnet.py, batch 32),
#       KerasSharp's Functional model against the same net in raw TorchSharp, interleaved
#   2f. lstm_bench.py - Keras 2.2.4's imdb_lstm.py model (and its fused-kernel form) against PyTorch: training step and
#       predict, KerasSharp and PyTorch child processes alternating (BENCH_LSTM=0 skips it)
#   2g. applications_bench.py - inference of keras.applications ResNet50 and MobileNetV2 (224x224, batch 32) against
#       the same layers in PyTorch (NCHW and channels_last), child processes in rotating order (BENCH_APPS=0 skips it)
#   2c. KerasSharp.Bench --augment, then augmentation_keras.py right after it - ImageDataGenerator throughput
#       (KerasSharp vs a bare affine_grid + grid_sample vs keras_preprocessing) and FitGenerator vs Fit epoch time
#   3. KerasSharp.Bench --diag - per-layer forward+backward, KerasSharp layer vs raw op (BENCH_DIAG=0 skips it)
#   4. the restore and build-output size of a fresh console app outside the repo that references
#      src/KerasSharp.Api by ProjectReference, restored into a private, empty --packages folder
# and writes everything as text under bench/results/<timestamp>/ (gitignored); bench/results/latest points there.
#
# Settings (environment):
#   BENCH_STEPS (50) BENCH_ROUNDS (4) BENCH_WARMUP (10) BENCH_INFER_BATCHES (8) BENCH_THREADS (2) BENCH_SEED (1)
#   (for 1-1c: BENCH_ROUNDS alternating rounds of child processes; BENCH_CHILD_ROUNDS (1) timing rounds in a child)
#   BENCH_VARIANTS     KerasSharp.Bench variants of 1, default keras,nchw,nhwc (nhwc-hwio is a diagnostic extra);
#                      BENCH_PYTORCH_VARIANTS (channels_last,nchw) the pytorch_step.py ones of 1 and 1b
#   BENCH_MNIST=0      skip 1b
#   BENCH_CIFAR10_EPOCH=1  run 1c (builds examples/Cifar10 in Release; KERAS_HOME must hold datasets/cifar-10-batches-bin);
#                      BENCH_EPOCH_SUBSET (3200) training images per epoch, BENCH_EPOCH_EPOCHS (3) epochs per child
#   BENCH_DIAG=0       skip the per-layer diagnostic; BENCH_DIAG_REPS (10) reps per round, BENCH_DIAG_ROUNDS (3)
#   BENCH_PAIRS=0      skip 2d/2e; BENCH_PAIR_STEPS (2) steps per round, BENCH_PAIR_ROUNDS (60), BENCH_PAIR_THREADS
#                      (BENCH_THREADS); BENCH_RESNET_DIAG=1 also runs --resnet-diag (with BENCH_DIAG_REPS/ROUNDS)
#   BENCH_LSTM=0       skip 2f; BENCH_LSTM_ROUNDS (5) alternating rounds, BENCH_LSTM_STEPS (10) steps per child round,
#                      BENCH_LSTM_CHILD_ROUNDS (3), BENCH_LSTM_WARMUP (3), BENCH_LSTM_INFER_BATCHES (4), BENCH_LSTM_THREADS (1)
#   BENCH_APPS=0       skip 2g; BENCH_APPS_MODELS (resnet50,mobilenet_v2; tutorial too), BENCH_APPS_ROUNDS (3),
#                      BENCH_APPS_BATCHES (2) timed batches per child, BENCH_APPS_CHILD_ROUNDS (1), BENCH_APPS_WARMUP (2), BENCH_APPS_THREADS (2)
#   BENCH_AUGMENT=0    skip the augmentation benchmark; BENCH_AUG_IMAGES (6400) images per throughput round,
#                      BENCH_AUG_ROUNDS (5), BENCH_EPOCH_IMAGES (3200; 0 skips the epoch timing), BENCH_EPOCH_ROUNDS (3),
#                      BENCH_KERAS_AUG_IMAGES / BENCH_KERAS_AUG_ROUNDS (default: the BENCH_AUG_ ones) for the Python side
#   BENCH_HOROVOD=1    also run bench/HorovodBench under mpirun (BENCH_HOROVOD_ROUNDS, 3)
#   BENCH_SKIP_RESTORE=1  skip the restore-size measurement
#   BENCH_FRESH_HTTP_CACHE=1  also use an empty NuGet HTTP cache, so the restore really downloads (~130 MB)
#   BENCH_KEEP_TMP=1   keep the throwaway consumer project and its packages folder
#   PYTHON (/usr/bin/python3)
# Smoke run:  BENCH_STEPS=3 BENCH_ROUNDS=1 BENCH_WARMUP=1 BENCH_INFER_BATCHES=1 BENCH_DIAG_REPS=2 BENCH_DIAG_ROUNDS=1 \
#             BENCH_AUG_IMAGES=640 BENCH_AUG_ROUNDS=2 BENCH_EPOCH_IMAGES=128 BENCH_EPOCH_ROUNDS=1 bash bench/run.sh
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/.." && pwd)"
cd "$repo"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
: "${BENCH_STEPS:=50}" "${BENCH_ROUNDS:=4}" "${BENCH_WARMUP:=10}" "${BENCH_INFER_BATCHES:=8}" "${BENCH_THREADS:=2}"
: "${BENCH_SEED:=1}" "${BENCH_DIAG:=1}" "${BENCH_DIAG_REPS:=10}" "${BENCH_DIAG_ROUNDS:=3}"
: "${BENCH_AUGMENT:=1}" "${BENCH_AUG_IMAGES:=6400}" "${BENCH_AUG_ROUNDS:=5}" "${BENCH_EPOCH_IMAGES:=3200}" "${BENCH_EPOCH_ROUNDS:=3}"
: "${PYTHON:=/usr/bin/python3}"
export BENCH_STEPS BENCH_ROUNDS BENCH_WARMUP BENCH_INFER_BATCHES BENCH_THREADS BENCH_SEED PYTHON
export BENCH_AUG_IMAGES BENCH_AUG_ROUNDS BENCH_EPOCH_IMAGES BENCH_EPOCH_ROUNDS

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$bench_dir/results/$stamp"
mkdir -p "$out"
ln -sfn "$stamp" "$bench_dir/results/latest"
status=0
step() { printf '\n=== %s\n' "$*" >&2; }

step "machine -> $out/machine.txt"
{
  echo "date (UTC):     $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "host:           $(uname -srm)"
  echo "cpu:            $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //') x $(nproc) logical"
  echo "cpu flags:      $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | tr ' ' '\n' | grep -E '^(avx|avx2|avx512f|fma|amx_tile)$' | tr '\n' ' ')"
  echo "memory:         $(free -h 2>/dev/null | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "load average:   $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)  (anything else running skews the timings)"
  echo "os:             $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
  echo ".NET SDK:       $(dotnet --version)"
  echo "python/torch:   $("$PYTHON" -c 'import sys, torch; print(sys.version.split()[0], "torch", torch.__version__)' 2>&1 | tail -1)"
  echo "system BLAS:    $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo n/a)  (Debian's torch calls it; the reference BLAS makes PyTorch's LSTM matmuls ~6x slower: install libopenblas0-pthread)"
  echo "commit:         $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo n/a) ($(git -C "$repo" status --porcelain 2>/dev/null | wc -l) changed/untracked paths)"
  echo "settings:       steps=$BENCH_STEPS rounds=$BENCH_ROUNDS warmup=$BENCH_WARMUP infer_batches=$BENCH_INFER_BATCHES threads=$BENCH_THREADS seed=$BENCH_SEED"
  echo "augmentation:   $([ "$BENCH_AUGMENT" = 0 ] && echo skipped || echo "aug_images=$BENCH_AUG_IMAGES aug_rounds=$BENCH_AUG_ROUNDS epoch_images=$BENCH_EPOCH_IMAGES epoch_rounds=$BENCH_EPOCH_ROUNDS")"
} | tee "$out/machine.txt"

# bench/artifacts keeps every build output of the bench, KerasSharp.Api's included, away from src/*/obj and bin.
step "build KerasSharp.Bench (Release) -> $out/build.log"
artifacts="$bench_dir/artifacts"
if ! dotnet build "$bench_dir/KerasSharp.Bench/KerasSharp.Bench.csproj" -c Release --artifacts-path "$artifacts" \
     -nologo -clp:NoSummary >"$out/build.log" 2>&1; then
  tail -40 "$out/build.log" >&2
  echo "build failed; see $out/build.log" >&2
  exit 1
fi
tail -3 "$out/build.log" >&2
bench_exe="$artifacts/bin/KerasSharp.Bench/release/KerasSharp.Bench"

# The peers cannot share a process: peers.py runs each as a child process, the order rotating over the rounds.
step "peers.py --sets tutorial -> $out/peers.md (progress: peers.log)"
if "$PYTHON" "$bench_dir/peers.py" --sets tutorial --kerassharp "$bench_exe" >"$out/peers.md" 2> >(tee "$out/peers.log" >&2); then
  cat "$out/peers.md"
else
  echo "peers.py --sets tutorial failed" >&2; status=1
fi

if [ "${BENCH_MNIST:-1}" != "0" ]; then
  step "peers.py --sets mnist -> $out/mnist.md (progress: mnist.log)"
  if "$PYTHON" "$bench_dir/peers.py" --sets mnist --kerassharp "$bench_exe" >"$out/mnist.md" 2> >(tee "$out/mnist.log" >&2); then
    cat "$out/mnist.md"
  else
    echo "peers.py --sets mnist failed" >&2; status=1
  fi
fi

if [ "${BENCH_CIFAR10_EPOCH:-0}" = "1" ]; then
  # The example's in-repo source generator wants its usual bin/ layout, so it builds there, not in bench/artifacts.
  step "build examples/Cifar10 (Release) -> $out/build-cifar10.log"
  if dotnet build "$repo/examples/Cifar10/Cifar10.csproj" -c Release -nologo -clp:NoSummary >"$out/build-cifar10.log" 2>&1; then
    step "peers.py --sets cifar10-epoch -> $out/cifar10-epoch.md (progress: cifar10-epoch.log)"
    if "$PYTHON" "$bench_dir/peers.py" --sets cifar10-epoch >"$out/cifar10-epoch.md" 2> >(tee "$out/cifar10-epoch.log" >&2); then
      cat "$out/cifar10-epoch.md"
    else
      echo "peers.py --sets cifar10-epoch failed" >&2; status=1
    fi
  else
    tail -20 "$out/build-cifar10.log" >&2; echo "examples/Cifar10 build failed" >&2; status=1
  fi
fi

step "KerasSharp.Bench --interleaved -> $out/interleaved.md (the timing the ratios are taken from)"
if "$bench_exe" --interleaved --steps "${BENCH_INTERLEAVED_STEPS:-25}" --rounds "${BENCH_INTERLEAVED_ROUNDS:-8}" \
     >"$out/interleaved.md" 2>"$out/interleaved.log"; then
  cat "$out/interleaved.md"
else
  echo "KerasSharp.Bench --interleaved failed" >&2; status=1
fi

if [ "${BENCH_PAIRS:-1}" != "0" ]; then
  pair_args=(--steps "${BENCH_PAIR_STEPS:-2}" --rounds "${BENCH_PAIR_ROUNDS:-60}" --infer-rounds 10 --warmup 10
             --infer-batches 4 --threads "${BENCH_PAIR_THREADS:-$BENCH_THREADS}")
  step "KerasSharp.Bench --interleaved --variants keras,keras-functional -> $out/functional.md"
  if "$bench_exe" --interleaved --variants keras,keras-functional "${pair_args[@]}" \
       >"$out/functional.md" 2>"$out/functional.log"; then
    cat "$out/functional.md"
  else
    echo "KerasSharp.Bench functional pair failed" >&2; status=1
  fi
  step "KerasSharp.Bench --interleaved --variants resnet-nhwc,resnet-keras -> $out/resnet.md"
  if "$bench_exe" --interleaved --variants resnet-nhwc,resnet-keras "${pair_args[@]}" \
       >"$out/resnet.md" 2>"$out/resnet.log"; then
    cat "$out/resnet.md"
  else
    echo "KerasSharp.Bench resnet pair failed" >&2; status=1
  fi
  if [ "${BENCH_RESNET_DIAG:-0}" = "1" ]; then
    step "KerasSharp.Bench --resnet-diag -> $out/resnet-diag.md"
    if "$bench_exe" --resnet-diag --steps "$BENCH_DIAG_REPS" --rounds "$BENCH_DIAG_ROUNDS" \
         --threads "${BENCH_PAIR_THREADS:-$BENCH_THREADS}" >"$out/resnet-diag.md" 2>"$out/resnet-diag.log"; then
      cat "$out/resnet-diag.md"
    else
      cat "$out/resnet-diag.log" >&2; echo "resnet diagnostic failed" >&2; status=1
    fi
  fi
fi

if [ "${BENCH_LSTM:-1}" != "0" ]; then
  step "lstm_bench.py -> $out/lstm.md (progress: lstm.log)"
  if "$PYTHON" "$bench_dir/lstm_bench.py" --kerassharp "$bench_exe" >"$out/lstm.md" 2> >(tee "$out/lstm.log" >&2); then
    cat "$out/lstm.md"
  else
    echo "lstm_bench.py failed" >&2; status=1
  fi
fi

# Optional (needs Open MPI's mpirun): data-parallel steps of the tutorial model, 2 ranks x 1 thread against 1 process
# x 2 threads, same global batch 64, alternating BENCH_HOROVOD_ROUNDS (3) times; BENCH_HOROVOD=1 runs it.
if [ "${BENCH_HOROVOD:-0}" = "1" ]; then
  step "HorovodBench -> $out/horovod.md"
  if command -v mpirun >/dev/null && dotnet build "$bench_dir/HorovodBench/HorovodBench.csproj" -c Release --artifacts-path "$artifacts" \
       -nologo -clp:NoSummary >>"$out/build.log" 2>&1; then
    hb="$artifacts/bin/HorovodBench/release/HorovodBench.dll"
    for _ in $(seq "${BENCH_HOROVOD_ROUNDS:-3}"); do
      OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe --bind-to none -np 2 dotnet "$hb" --threads 1 | grep '^ranks'
      dotnet "$hb" --threads 2 | grep '^ranks'
    done | sed 's/^/    /' | tee "$out/horovod.md" || status=1
  else
    echo "HorovodBench: mpirun missing or build failed (see $out/build.log)" >&2; status=1
  fi
fi

if [ "${BENCH_APPS:-1}" != "0" ]; then
  step "applications_bench.py -> $out/applications.md (progress: applications.log)"
  if "$PYTHON" "$bench_dir/applications_bench.py" --kerassharp "$bench_exe" >"$out/applications.md" 2> >(tee "$out/applications.log" >&2); then
    cat "$out/applications.md"
  else
    echo "applications_bench.py failed" >&2; status=1
  fi
fi

if [ "$BENCH_AUGMENT" != "0" ]; then
  # The two augmentation measurements run back to back so that they see the same machine state.
  step "KerasSharp.Bench --augment -> $out/augment.md (progress: augment.log)"
  if "$bench_exe" --augment >"$out/augment.md" 2> >(tee "$out/augment.log" >&2); then
    cat "$out/augment.md"
  else
    echo "KerasSharp.Bench --augment failed" >&2; status=1
  fi
  step "augmentation_keras.py -> $out/augment-keras.md (progress: augment-keras.log)"
  if "$PYTHON" "$bench_dir/augmentation_keras.py" >"$out/augment-keras.md" 2> >(tee "$out/augment-keras.log" >&2); then
    cat "$out/augment-keras.md"
  else
    echo "augmentation_keras.py failed" >&2; status=1
  fi
fi

if [ "$BENCH_DIAG" != "0" ]; then
  step "KerasSharp.Bench --diag -> $out/diag.md"
  if "$bench_exe" --diag --steps "$BENCH_DIAG_REPS" --rounds "$BENCH_DIAG_ROUNDS" >"$out/diag.md" 2>"$out/diag.log"; then
    cat "$out/diag.md"
  else
    cat "$out/diag.log" >&2; echo "diagnostic failed" >&2; status=1
  fi
fi

if [ "${BENCH_SKIP_RESTORE:-0}" != "1" ]; then
  step "restore/build size of a fresh consumer project -> $out/restore-size.md"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/kerassharp-consumer.XXXXXX")"
  case "$tmp" in "$repo"/*) echo "temp dir $tmp is inside the repo; set TMPDIR elsewhere" >&2; exit 1 ;; esac
  mkdir -p "$tmp/ConsumerApp"
  cat >"$tmp/ConsumerApp/ConsumerApp.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/KerasSharp.Api/KerasSharp.Api.csproj" />
  </ItemGroup>
</Project>
EOF
  cat >"$tmp/ConsumerApp/Program.cs" <<'EOF'
using KerasSharp.Layers;
using KerasSharp.Models;
using TorchSharp;

var model = new Sequential();
model.Add(new Dense(2, activation: "softmax", input_shape: 3));
model.Compile("rmsprop", "categorical_crossentropy");
using var x = torch.ones(4, 3);
using var y = model.Predict(x);
Console.WriteLine($"consumer app ran: predictions {string.Join("x", y.shape)}, row sum {y[0].sum().item<float>():F3}");
EOF
  # A private packages folder (fresh, empty) and a private artifacts folder: restoring KerasSharp.Api through the
  # consumer would otherwise rewrite src/KerasSharp.Api/obj/project.assets.json to point at the temp packages.
  export NUGET_PACKAGES="$tmp/packages"
  if [ "${BENCH_FRESH_HTTP_CACHE:-0}" = "1" ]; then export NUGET_HTTP_CACHE_PATH="$tmp/http-cache"; fi
  consumer_artifacts="$tmp/artifacts"
  restore_start=$(date +%s%N)
  restore_ok=1
  dotnet restore "$tmp/ConsumerApp/ConsumerApp.csproj" --packages "$tmp/packages" -p:ArtifactsPath="$consumer_artifacts" \
    >"$out/consumer-restore.log" 2>&1 || restore_ok=0
  restore_ms=$(( ($(date +%s%N) - restore_start) / 1000000 ))
  build_ok=0
  if [ "$restore_ok" = 1 ] && dotnet build "$tmp/ConsumerApp/ConsumerApp.csproj" -c Release --no-restore \
       --artifacts-path "$consumer_artifacts" >"$out/consumer-build.log" 2>&1; then build_ok=1; fi
  consumer_out="$consumer_artifacts/bin/ConsumerApp/release"
  run_line="not run"
  if [ "$build_ok" = 1 ]; then
    if "$consumer_out/ConsumerApp" >"$out/consumer-run.log" 2>&1; then
      run_line="ok: $(tail -1 "$out/consumer-run.log")"
    else
      run_line="FAILED (consumer-run.log): $({ grep -m1 -E 'Exception' "$out/consumer-run.log" || true; } | cut -c1-160)"
      if grep -q GLIBCXX "$out/consumer-run.log"; then run_line="$run_line ... $({ grep -m1 -o "version .GLIBCXX[^)]*)" "$out/consumer-run.log" || true; })"; fi
    fi
  fi
  # Whether each output's TorchSharp shim still hard-needs GLIBCXX_3.4.32 (build/KerasSharp.NativeLoad.targets marks it weak).
  glibcxx_flags() {
    if command -v readelf >/dev/null && [ -f "$1" ]; then
      readelf -V "$1" | awk '/Name: GLIBCXX_3.4.32/ {print ($5 == "WEAK" ? "weak (patched)" : "required (not patched)"); f=1} END {if (!f) print "not needed"}'
    else echo "n/a"; fi
  }
  shim_bench="$(glibcxx_flags "$artifacts/bin/KerasSharp.Bench/release/runtimes/linux-x64/native/libLibTorchSharp.so")"
  shim_consumer="$(glibcxx_flags "$consumer_out/runtimes/linux-x64/native/libLibTorchSharp.so")"
  unset NUGET_PACKAGES NUGET_HTTP_CACHE_PATH
  {
    echo "Fresh console app outside the repo ($tmp/ConsumerApp), ProjectReference to src/KerasSharp.Api;"
    echo "restored with \`--packages\` into an empty folder (NuGet HTTP cache: $([ "${BENCH_FRESH_HTTP_CACHE:-0}" = 1 ] && echo 'empty, so downloaded' || echo 'the machine'"'"'s shared one'))."
    echo
    echo "| what | size |"
    echo "|---|---:|"
    echo "| packages folder (du -sh) | $(du -sh "$tmp/packages" 2>/dev/null | cut -f1) |"
    echo "| packages folder without the .nupkg archives | $(du -sh --exclude='*.nupkg' "$tmp/packages" 2>/dev/null | cut -f1) |"
    echo "| Release build output (du -sh, bin/ConsumerApp/release) | $(du -sh "$consumer_out" 2>/dev/null | cut -f1) |"
    echo "| ... of which runtimes/ (native libtorch) | $(du -sh "$consumer_out/runtimes" 2>/dev/null | cut -f1) |"
    echo
    echo "restore: $([ "$restore_ok" = 1 ] && echo ok || echo FAILED) in ${restore_ms} ms; build: $([ "$build_ok" = 1 ] && echo ok || echo FAILED)"
    echo
    echo "run: $run_line"
    echo
    echo "libLibTorchSharp.so GLIBCXX_3.4.32 need: consumer output $shim_consumer; bench output (inside the repo) $shim_bench."
    echo "(The repo's Directory.Build.targets imports build/KerasSharp.NativeLoad.targets only for projects under the repo.)"
    echo
    echo "Packages restored:"
    echo
    echo '```'
    (cd "$tmp/packages" 2>/dev/null && du -sh -- * | sort -h -r)
    echo '```'
    echo
    echo "Largest files of the build output:"
    echo
    echo '```'
    (cd "$consumer_out" 2>/dev/null && find . -type f -printf '%s\t%p\n' | sort -n -r | head -12 | awk -F'\t' '{printf "%8.1f MB  %s\n", $1/1048576, $2}')
    echo '```'
  } | tee "$out/restore-size.md"
  [ "$restore_ok" = 1 ] && [ "$build_ok" = 1 ] || status=1
  if [ "${BENCH_KEEP_TMP:-0}" = "1" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
fi

# The medians from the <!-- AUGMENT ... --> and <!-- AUGMENT_KERAS ... --> lines of augment.md / augment-keras.md.
# (|| true: a missing field, e.g. with BENCH_EPOCH_IMAGES=0 or a failed step, must not stop the script under set -e.)
aug_field() { { grep -m1 "<!-- $1 " "$2" 2>/dev/null | grep -o " $3=[0-9.]*" | cut -d= -f2; } || true; }
num() { awk -v a="$1" 'BEGIN { if (a == "") print "n/a"; else printf "%.0f", a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2fx", a / b }'; }
augmentation_summary() {
  local ks bare kp fit fitgen plain w4
  ks="$(aug_field AUGMENT "$out/augment.md" kerassharp_img_s)"
  bare="$(aug_field AUGMENT "$out/augment.md" bare_img_s)"
  kp="$(aug_field AUGMENT_KERAS "$out/augment-keras.md" img_s)"
  fit="$(aug_field AUGMENT "$out/augment.md" fit_epoch_s)"
  fitgen="$(aug_field AUGMENT "$out/augment.md" fitgen_epoch_s)"
  plain="$(aug_field AUGMENT "$out/augment.md" fitgen_plain_epoch_s)"
  w4="$(aug_field AUGMENT "$out/augment.md" fitgen_w4_epoch_s)"
  echo "The tutorial's ImageDataGenerator (rotation 15, shifts 0.1, horizontal flip), batch 64, 32×32×3 float32; medians."
  echo
  echo "| | images/s | KerasSharp is | target |"
  echo "|---|---:|---:|---|"
  echo "| KerasSharp \`datagen.Flow(...).GetItem(i)\` | $(num "$ks") | | |"
  echo "| bare TorchSharp \`affine_grid\` + \`grid_sample\` (same run) | $(num "$bare") | $(ratio "$ks" "$bare") | ≥ 1.00x (required) |"
  echo "| keras_preprocessing 1.1.0 \`flow(...)\` + \`next()\` (run right after) | $(num "$kp") | $(ratio "$ks" "$kp") | ≥ 25x (goal) |"
  if [ -n "$fit" ]; then
    echo
    echo "Epoch time, tutorial model: \`Fit\` on the arrays ${fit} s, \`FitGenerator\` with the augmentation ${fitgen} s:" \
         "**$(ratio "$fitgen" "$fit")** (goal ≤ 1.05x); \`FitGenerator\` on a plain Sequence ${plain} s ($(ratio "$plain" "$fit"));" \
         "with \`workers: 4\` ${w4} s ($(ratio "$w4" "$fitgen") of \`workers: 1\`, required ≤ 1.00x within noise)."
  fi
  echo
  cat "$out/augment.md" 2>/dev/null || true
  echo
  cat "$out/augment-keras.md" 2>/dev/null || true
}

{
  echo "# KerasSharp benchmark, $stamp"
  echo
  echo '```'; cat "$out/machine.txt"; echo '```'
  echo
  echo "## KerasSharp and its peers (alternated child processes)"; echo; cat "$out/peers.md" 2>/dev/null || true
  if [ -s "$out/mnist.md" ]; then echo; echo "## mnist_cnn.py: KerasSharp vs PyTorch"; echo; cat "$out/mnist.md"; fi
  if [ -s "$out/cifar10-epoch.md" ]; then echo; echo "## The tutorial's epoch: examples/Cifar10 vs the PyTorch reference"; echo; cat "$out/cifar10-epoch.md"; fi
  echo; echo "## Interleaved timing"; echo; cat "$out/interleaved.md" 2>/dev/null || true
  if [ -s "$out/functional.md" ]; then echo; echo "## Functional API vs Sequential (tutorial model)"; echo; cat "$out/functional.md"; fi
  if [ -s "$out/resnet.md" ]; then echo; echo "## ResNet20 v1: KerasSharp Functional vs raw TorchSharp"; echo; cat "$out/resnet.md"; fi
  if [ -s "$out/resnet-diag.md" ]; then echo; echo "## ResNet diagnostic"; echo; cat "$out/resnet-diag.md"; fi
  if [ -s "$out/lstm.md" ]; then echo; echo "## imdb_lstm: KerasSharp vs PyTorch"; echo; cat "$out/lstm.md"; fi
  if [ -s "$out/horovod.md" ]; then echo; echo "## Data-parallel (Horovod, MPI)"; echo; cat "$out/horovod.md"; fi
  if [ -s "$out/applications.md" ]; then echo; echo "## keras.applications inference: KerasSharp vs PyTorch"; echo; cat "$out/applications.md"; fi
  if [ -s "$out/augment.md" ] || [ -s "$out/augment-keras.md" ]; then echo; echo "## Augmentation"; echo; augmentation_summary; fi
  if [ -s "$out/diag.md" ]; then echo; echo "## Per-layer diagnostic"; echo; cat "$out/diag.md"; fi
  if [ -s "$out/restore-size.md" ]; then echo; echo "## Restore and build size"; echo; cat "$out/restore-size.md"; fi
} >"$out/summary.md"
step "done: $out/summary.md (status $status)"
exit "$status"
