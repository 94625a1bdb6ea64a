# Sourced by the e2e scripts that run several programs on one device.
#
# start_device DEVICE DEVICE_DIR POSIX_DEVICE WORK: starts DEVICE (sim: the
# POSIX device; else that QEMU board with resident-DEVICE.elf from
# DEVICE_DIR), its link on a local TCP port; sets device_pid and
# device_port (a --port spec) once it accepts connections. The caller kills
# device_pid when done.
start_device() {
  local device=$1 device_dir=$2 posix=$3 work=$4
  if [ "$device" = sim ]; then
    "$posix" --tcp 0 >"$work/device.out" 2>&1 &
    device_pid=$!
    for _ in $(seq 100); do [ -s "$work/device.out" ] && break; sleep 0.05; done
    device_port=tcp:$(awk 'NR == 1 {print $2}' "$work/device.out")
    return
  fi
  local number
  number=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  qemu-system-arm -M "$device" -nographic -monitor none \
    -serial tcp:127.0.0.1:$number,server=on,wait=off \
    -kernel "$device_dir/resident-$device.elf" >"$work/device.out" 2>&1 &
  device_pid=$!
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$number) 2>/dev/null && break
    sleep 0.05
  done
  device_port=tcp:127.0.0.1:$number
}
