# shellcheck shell=bash
# .stack/hotline.env: what the app (src/config.ts) and the tests need to reach the local
# stack, and the dev agent accounts. Sourced by scripts/stack.sh.

write_hotline_env() {
  local tmp
  tmp=$(mktemp "$HOTLINE_STACK_DIR/.hotline.env.XXXXXX")
  cat >"$tmp" <<ENV
# Written by scripts/stack.sh up; regenerated on every run. Contains secrets (mode 0600).
HOTLINE_NUMBER=$HOTLINE_NUMBER
PROGRESS_LINE_NUMBER=$PROGRESS_LINE_NUMBER
HOTLINE_ADMIN_TOKEN=$HOTLINE_ADMIN_TOKEN
ARI_URL=http://$ASTERISK_BIND_ADDR:$ARI_HTTP_PORT
ARI_USERNAME=$ARI_USERNAME
ARI_PASSWORD=$ARI_PASSWORD
ARI_APP=$ARI_APP
AMI_HOST=$ASTERISK_BIND_ADDR
AMI_PORT=$AMI_PORT
AMI_USERNAME=$AMI_USERNAME
AMI_SECRET=$AMI_SECRET
REDIS_URL=redis://$REDIS_HOST:$REDIS_PORT
EMERGENCY_CONTEXT=hotline-emergency
FALLBACK_QUEUE_CONTEXT=hotline-queue
SIP_SERVER=$ASTERISK_BIND_ADDR:$SIP_PORT
SIP_CARRIER_SOURCE_IP=${CARRIER_MATCH%%[,/]*}
AGENT_1001_USERNAME=1001
AGENT_1001_PASSWORD=$AGENT_1001_PASSWORD
AGENT_1002_USERNAME=1002
AGENT_1002_PASSWORD=$AGENT_1002_PASSWORD
EMERGENCY_110_URI=$EMERGENCY_110_URI
EMERGENCY_119_URI=$EMERGENCY_119_URI
EMERGENCY_120_URI=$EMERGENCY_120_URI
EMERGENCY_122_URI=$EMERGENCY_122_URI
ASTERISK_CONSOLE_LOG=$CONSOLE_LOG
RECORDINGS_DIR=$HOTLINE_ASTERISK_ROOT/var/spool/asterisk/recording
ENV
  chmod 600 "$tmp"
  if cmp -s "$tmp" "$HOTLINE_ENV_FILE"; then
    rm -f "$tmp"
    log "app environment: $HOTLINE_ENV_FILE unchanged"
  else
    mv -f "$tmp" "$HOTLINE_ENV_FILE"
    log "app environment: wrote $HOTLINE_ENV_FILE"
  fi
}

print_up_summary() {
  cat <<TXT

[stack] ready. Asterisk $(asterisk_cli 'core show version' | awk '{print $2}') in $HOTLINE_ASTERISK_ROOT
  SIP server : $ASTERISK_BIND_ADDR:$SIP_PORT  (UDP)
  agents     : users 1001 and 1002; passwords AGENT_1001_PASSWORD, AGENT_1002_PASSWORD in $HOTLINE_ENV_FILE (mode 0600)
  API token  : admin, HOTLINE_ADMIN_TOKEN in $HOTLINE_ENV_FILE
               export HOTLINE_ADMIN_TOKEN=\$(sed -n 's/^HOTLINE_ADMIN_TOKEN=//p' $HOTLINE_ENV_FILE)
  then dial $HOTLINE_NUMBER from a softphone (emergency routes: 110 119 120 122)
  carrier    : SIP from $CARRIER_MATCH is the trunk (e.g. sipp -sn uac -s $HOTLINE_NUMBER -i ${CARRIER_MATCH%%[,/]*} -p 5090 $ASTERISK_BIND_ADDR:$SIP_PORT -m 1)
  ARI        : http://$ASTERISK_BIND_ADDR:$ARI_HTTP_PORT  app '$ARI_APP', user '$ARI_USERNAME'
  AMI        : $ASTERISK_BIND_ADDR:$AMI_PORT  user '$AMI_USERNAME'
  app env    : bash scripts/stack.sh env   (prints $HOTLINE_ENV_FILE, secrets included)
  console log: $CONSOLE_LOG
TXT
}
