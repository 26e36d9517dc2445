"""Runs a command in a pseudo-terminal and types into it, as a person at a terminal would.

Usage: python3 pty-run.py STEPS_JSON -- COMMAND [ARGS...]
STEPS_JSON is a list of {"expect": regex, "send": text}: wait until the screen output since the last
step matches `expect` (20 s at most), then type `send` (escape sequences like \r, \x03 for Ctrl-C,
\x1b[B for arrow down are sent as given). Prints one JSON object: {"exitCode", "signal", "output",
"timedOut"}.
"""
import json, os, pty, re, select, signal, sys, time

steps = json.loads(sys.argv[1])
command = sys.argv[sys.argv.index('--') + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.environ['COLUMNS'] = '120'
    os.execvp(command[0], command)

output = b''
consumed = 0
timed_out = None

def read_some(timeout):
    global output
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    output += chunk
    return True

for step in steps:
    deadline = time.time() + 20
    pattern = re.compile(step['expect'])
    while True:
        text = output[consumed:].decode('utf-8', 'replace')
        match = pattern.search(text)
        if match:
            consumed += len(text[:match.end()].encode('utf-8'))
            break
        if time.time() > deadline:
            timed_out = step['expect']
            break
        if not read_some(0.2):
            timed_out = step['expect']
            break
    if timed_out:
        break
    time.sleep(0.15)
    os.write(fd, step['send'].encode('utf-8'))

if timed_out:
    os.kill(pid, signal.SIGKILL)
end = time.time() + 60
while read_some(0.2) and time.time() < end:
    pass
_, status = os.waitpid(pid, 0)
print(json.dumps({
    'exitCode': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    'output': output.decode('utf-8', 'replace'),
    'timedOut': timed_out,
}, ensure_ascii=False))
