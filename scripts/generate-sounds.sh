#!/usr/bin/env bash
# Generates the caller/agent prompts in sounds/<lang>/<id>.wav from sounds/manifest.json
# with espeak-ng (text to speech) and sox: 8 kHz, mono, 16-bit signed PCM WAV, which is
# what Asterisk plays as "<id>.wav" without transcoding for narrowband calls.
#
#   scripts/generate-sounds.sh                 # all prompts, zh and en
#   scripts/generate-sounds.sh --only greeting # one prompt
#   scripts/generate-sounds.sh --lang zh       # one language
#   scripts/generate-sounds.sh --check         # validate files only, write nothing
#   scripts/generate-sounds.sh --force         # also overwrite studio recordings
#
# STUDIO RECORDINGS: the synthetic voice is a placeholder. An agency replaces a prompt by
# dropping its own recording over the generated file, same name (e.g. sounds/zh/greeting.wav),
# as 8 kHz mono 16-bit PCM WAV; convert a studio master with
#   sox master.wav -r 8000 -c 1 -b 16 -e signed-integer sounds/zh/greeting.wav norm -3
# then run `scripts/generate-sounds.sh --check`, which validates it. Regenerating never
# overwrites a recording: files this script wrote are recorded (sha256) in sounds/.generated,
# and any WAV not listed there is kept as a studio recording unless --force is given.
# If the text changes, update manifest.json too, so the manifest stays the script of record.
#
# Needs espeak-ng, sox/soxi, node and sha256sum; installs nothing.
#
# Mandarin voice: espeak-ng 1.51 (Debian 12) reads Chinese with "-v cmn" as English-spelled
# pinyin ("nin two hao three"), espeak-ng issues #1236/#1044; "cmn-latn-pinyin" speaks the
# same dictionary correctly, so it is used when present (override with ESPEAK_ZH_VOICE).
# Digits are spoken one by one as a phone number is (12345 → 幺二三四五, 110 → 幺幺零;
# "按1" → 按一), and words espeak misreads get a homophone (重新 → 崇新, see zhFix below);
# the manifest keeps the text as written. Check readings with: espeak-ng -v cmn-latn-pinyin -x "…"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOUNDS="$ROOT/sounds"
MANIFEST="$SOUNDS/manifest.json"
RECORD="$SOUNDS/.generated"
LANGS=(zh en)
# Words per minute. espeak's 150 makes Mandarin ~3.4 syllables/s (greeting ~22 s); 190 is
# ~4.1 syllables/s, near a natural announcer's pace. Override: SPEED_ZH=... SPEED_EN=...
SPEED_ZH="${SPEED_ZH:-190}"
SPEED_EN="${SPEED_EN:-170}"

die() { echo "generate-sounds: $*" >&2; exit 1; }
usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

ONLY="" ONLY_LANG="" CHECK=0 FORCE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) [[ $# -ge 2 ]] || die "--only needs a prompt id"; ONLY="$2"; shift 2 ;;
    --lang) [[ $# -ge 2 ]] || die "--lang needs zh or en"; ONLY_LANG="$2"; shift 2 ;;
    --check) CHECK=1; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "generate-sounds: unknown option: $1" >&2; usage 2 ;;
  esac
done
if [[ -n "$ONLY_LANG" ]]; then
  [[ " ${LANGS[*]} " == *" $ONLY_LANG "* ]] || die "--lang must be one of: ${LANGS[*]} (got \"$ONLY_LANG\")"
  SELECTED_LANGS=("$ONLY_LANG")
else
  SELECTED_LANGS=("${LANGS[@]}")
fi

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed ($2). This script installs nothing."; }
need node "reads sounds/manifest.json; Node.js"
need soxi "Debian package: sox"
if [[ $CHECK -eq 0 ]]; then
  need espeak-ng "Debian package: espeak-ng"
  need sox "Debian package: sox"
  need sha256sum "Debian package: coreutils"
fi
[[ -f "$MANIFEST" ]] || die "manifest not found: $MANIFEST"

# manifest → lines "id<TAB>zh text<TAB>en text<TAB>zh speech<TAB>en speech"; validates the manifest.
ENTRIES="$(node -e '
const fs = require("fs");
const file = process.argv[1];
let m;
try { m = JSON.parse(fs.readFileSync(file, "utf8")); } catch (e) { console.error(`${file}: ${e.message}`); process.exit(1); }
if (!Array.isArray(m)) { console.error(`${file}: must be a JSON array of prompts`); process.exit(1); }
const seen = new Set(); const bad = [];
for (const [i, p] of m.entries()) {
  const where = `entry ${i}${p && p.id ? ` (${p.id})` : ""}`;
  if (!p || typeof p.id !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.id)) bad.push(`${where}: id must be kebab-case`);
  else if (seen.has(p.id)) bad.push(`${where}: duplicate id`); else seen.add(p.id);
  for (const k of ["purpose", "zh", "en"])
    if (!p || typeof p[k] !== "string" || !p[k].trim() || /[\t\n\r]/.test(p[k])) bad.push(`${where}: "${k}" must be a non-empty one-line string`);
}
if (bad.length) { console.error(`${file}:\n  ${bad.join("\n  ")}`); process.exit(1); }
// Digits read one by one, phone-number style. zh: 1 is 幺 inside numbers of 3+ digits.
const zhDigit = "零一二三四五六七八九";
// Words espeak-ng reads with the wrong tone/reading → a homophone it reads right (speech only).
const zhFix = { "重新": "崇新" /* chóngxīn, not zhòngxīn */ };
const zhSpeech = (t) => Object.entries(zhFix).reduce((s, [w, say]) => s.split(w).join(say), t)
  .replace(/\d+/g, (run) => [...run].map((d) => (d === "1" && run.length >= 3 ? "幺" : zhDigit[d])).join(""));
const enSpeech = (t) => t.replace(/\d{3,}/g, (run) => ` ${[...run].join(" ")} `).replace(/ {2,}/g, " ").trim();
for (const p of m) console.log([p.id, p.zh, p.en, zhSpeech(p.zh), enSpeech(p.en)].join("\t"));
' "$MANIFEST")" || die "sounds/manifest.json is invalid (see above)"

if [[ -n "$ONLY" ]] && ! cut -f1 <<<"$ENTRIES" | grep -qxF -- "$ONLY"; then
  die "--only: no prompt \"$ONLY\" in sounds/manifest.json"
fi

voice_for() {
  case "$1" in
    zh)
      if [[ -n "${ESPEAK_ZH_VOICE:-}" ]]; then echo "$ESPEAK_ZH_VOICE"
      elif espeak-ng --voices=cmn 2>/dev/null | grep -q 'cmn-latn-pinyin'; then echo cmn-latn-pinyin
      else echo cmn; fi ;;
    en) echo en ;;
  esac
}

# ---- check ---------------------------------------------------------------------------------
# Prints problems for one file (empty output = fine).
check_file() {
  local f="$1" rate ch bits enc type samples
  [[ -f "$f" ]] || { echo "missing"; return; }
  type="$(soxi -t "$f" 2>/dev/null)" || { echo "not readable as audio"; return; }
  rate="$(soxi -r "$f")"; ch="$(soxi -c "$f")"; bits="$(soxi -b "$f")"; enc="$(soxi -e "$f")"; samples="$(soxi -s "$f")"
  [[ "$type" == "wav" ]] || echo "type is $type, want wav"
  [[ "$rate" == "8000" ]] || echo "sample rate is $rate Hz, want 8000"
  [[ "$ch" == "1" ]] || echo "$ch channels, want 1 (mono)"
  [[ "$bits" == "16" ]] || echo "$bits-bit, want 16-bit"
  [[ "$enc" == "Signed Integer PCM" ]] || echo "encoding is $enc, want Signed Integer PCM"
  [[ "$samples" =~ ^[0-9]+$ ]] && (( samples >= rate / 10 )) || echo "only $samples samples, shorter than 0.1 s"
}

if [[ $CHECK -eq 1 ]]; then
  problems=0 checked=0 studio=0
  while IFS=$'\t' read -r id _; do
    [[ -n "$ONLY" && "$id" != "$ONLY" ]] && continue
    for lang in "${SELECTED_LANGS[@]}"; do
      f="$SOUNDS/$lang/$id.wav"; rel="sounds/$lang/$id.wav"
      out="$(check_file "$f")"
      checked=$((checked + 1))
      if [[ -n "$out" ]]; then
        problems=$((problems + 1)); while IFS= read -r line; do echo "FAIL $rel: $line" >&2; done <<<"$out"
      elif ! { [[ -f "$RECORD" ]] && grep -qxF "$(sha256sum "$f" | cut -d' ' -f1)  $lang/$id.wav" "$RECORD"; }; then
        studio=$((studio + 1)); echo "ok   $rel (studio recording)"
      fi
    done
  done <<<"$ENTRIES"
  # Stray files: anything in sounds/<lang>/ that is not <manifest id>.wav, and unknown language dirs.
  ids="$(cut -f1 <<<"$ENTRIES")"
  for lang in "${SELECTED_LANGS[@]}"; do
    [[ -d "$SOUNDS/$lang" ]] || continue
    while IFS= read -r -d '' f; do
      name="${f#"$SOUNDS/$lang/"}"
      if [[ "$name" != *.wav ]] || ! grep -qxF -- "${name%.wav}" <<<"$ids"; then
        problems=$((problems + 1)); echo "FAIL sounds/$lang/$name: stray file, not in sounds/manifest.json (add it to the manifest or delete it)" >&2
      fi
    done < <(find "$SOUNDS/$lang" -mindepth 1 -print0 | sort -z)
  done
  if [[ -z "$ONLY_LANG" ]]; then
    while IFS= read -r -d '' d; do
      problems=$((problems + 1)); echo "FAIL sounds/${d#"$SOUNDS/"}: unexpected directory (languages are: ${LANGS[*]})" >&2
    done < <(find "$SOUNDS" -mindepth 1 -maxdepth 1 -type d $(printf -- '-not -name %s ' "${LANGS[@]}") -print0)
  fi
  if [[ $problems -gt 0 ]]; then
    die "check FAILED: $problems problem(s) in $checked prompt file(s). Regenerate with scripts/generate-sounds.sh, or fix the studio file (8 kHz mono 16-bit signed PCM WAV)."
  fi
  echo "check ok: $checked prompt file(s), 8 kHz mono 16-bit PCM WAV, no stray files ($studio studio recording(s))"
  exit 0
fi

# ---- generate ------------------------------------------------------------------------------
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
touch "$RECORD"
written=0 kept=0
while IFS=$'\t' read -r id _zh _en zh_say en_say; do
  [[ -n "$ONLY" && "$id" != "$ONLY" ]] && continue
  for lang in "${SELECTED_LANGS[@]}"; do
    out="$SOUNDS/$lang/$id.wav"; key="$lang/$id.wav"
    mkdir -p "$SOUNDS/$lang"
    if [[ -f "$out" && $FORCE -eq 0 ]] && ! grep -qxF "$(sha256sum "$out" | cut -d' ' -f1)  $key" "$RECORD"; then
      echo "keep sounds/$key (studio recording: not written by this script; --force overwrites)"
      kept=$((kept + 1)); continue
    fi
    if [[ "$lang" == zh ]]; then text="$zh_say" speed="$SPEED_ZH"; else text="$en_say" speed="$SPEED_EN"; fi
    espeak-ng -v "$(voice_for "$lang")" -s "$speed" -w "$TMP/tts.wav" -- "$text" \
      || die "espeak-ng failed for $key"
    # 8 kHz mono 16-bit. gain -6: headroom so resampling does not clip. silence…reverse: trim
    # espeak's ~0.4 s lead/tail so "prefix + digit + suffix" plays without long gaps; then a
    # 50 ms fade-out (done while reversed) / 10 ms fade-in against clicks, 50/150 ms of
    # padding, peak at -3 dBFS.
    # -D: no dither, so regenerating the same text gives byte-identical files (clean git diffs).
    sox -D "$TMP/tts.wav" -r 8000 -c 1 -b 16 -e signed-integer "$TMP/out.wav" \
      gain -6 rate 8000 \
      silence 1 0.02 -50d reverse silence 1 0.02 -50d fade t 0.05 reverse fade t 0.01 \
      pad 0.05 0.15 norm -3 || die "sox failed for $key"
    mv "$TMP/out.wav" "$out"
    { awk -v k="$key" '$2 != k' "$RECORD"; sha256sum "$out" | sed "s|  .*|  $key|"; } | sort -k2 >"$TMP/record"
    cp "$TMP/record" "$RECORD"
    printf 'wrote sounds/%s (%ss)\n' "$key" "$(soxi -D "$out")"
    written=$((written + 1))
  done
done <<<"$ENTRIES"
echo "done: $written written, $kept studio recording(s) kept"
