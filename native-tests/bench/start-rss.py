#!/usr/bin/env python3
"""Peak resident set of a function at its first response: each bootstrap is started against a one-event Lambda
runtime API served here, and its VmHWM is read from /proc when it posts the response (what the Lambda service would
bill as "Max Memory Used" for a cold invocation). Prints figures, asserts nothing (BENCHMARKS.md).

  python3 native-tests/bench/start-rss.py EVENT.json RUNS name=DIR ... [name=cmd:COMMAND ...]

DIR holds ./bootstrap (an unzipped function.zip); cmd: runs a command line instead (the Python handler:
"python=cmd:python3 native-tests/bench/python/handler.py"). The runs are interleaved (one of each, then the next
round). No AWS endpoint is reachable (127.0.0.1:9): pick an event decided without an AWS call, or one the function
does not decide (its first response then follows the start, the parse and the match)."""
import http.server
import os
import socketserver
import statistics
import subprocess
import sys
import threading
import time

event = open(sys.argv[1], 'rb').read()
runs = int(sys.argv[2])
targets = [a.split('=', 1) for a in sys.argv[3:]]
state = {}


class RuntimeApi(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if not self.path.endswith('/invocation/next'):
            self.send_error(404)
            return
        if state.get('served'):
            time.sleep(30)  # no second event: the process is killed once it answered the first
            return
        state['served'] = True
        self.send_response(200)
        self.send_header('Lambda-Runtime-Aws-Request-Id', 'req-1')
        self.send_header('Lambda-Runtime-Deadline-Ms', str(int(time.time() * 1000) + 60000))
        self.send_header('Lambda-Runtime-Invoked-Function-Arn', 'arn:aws:lambda:us-east-1:123456789012:function:trailguard')
        self.send_header('Content-Length', str(len(event)))
        self.end_headers()
        self.wfile.write(event)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(f"/proc/{state['pid']}/status") as status:
            state['hwm'] = next(int(line.split()[1]) for line in status if line.startswith('VmHWM'))
        state['answer'] = body[:160]
        self.send_response(202)
        self.send_header('Content-Length', '0')
        self.end_headers()
        state['done'].set()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(('127.0.0.1', 0), RuntimeApi)
threading.Thread(target=server.serve_forever, daemon=True).start()
env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f'127.0.0.1:{server.server_address[1]}', AWS_REGION='us-east-1',
           AWS_ACCESS_KEY_ID='testing', AWS_SECRET_ACCESS_KEY='testing', AWS_LAMBDA_FUNCTION_NAME='trailguard',
           AWS_LAMBDA_FUNCTION_MEMORY_SIZE='256', DISABLE_SIGNAL_HANDLERS='true', QUARKUS_LAMBDA_HANDLER='all',
           TRAILGUARD_AWS_ENDPOINT_OVERRIDE='http://127.0.0.1:9', TRAILGUARD_CROSS_ACCOUNT_OWN_ACCOUNT='123456789012',
           TRAILGUARD_RATE_LIMIT_ENABLED='false',
           TRAILGUARD_ALERTS_SNS_TOPIC_ARN='arn:aws:sns:us-east-1:123456789012:trailguard-alerts')
results = {name: [] for name, _ in targets}
for run in range(runs):
    for name, where in targets:
        state.clear()
        state['done'] = threading.Event()
        command = where[4:].split() if where.startswith('cmd:') else ['./bootstrap']
        process = subprocess.Popen(command, cwd=None if where.startswith('cmd:') else where, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        state['pid'] = process.pid
        answered = state['done'].wait(60)
        process.kill()
        process.wait()
        results[name].append(state.get('hwm') if answered else None)
        if run == 0:
            print(f"{name} answered: {state.get('answer')}", flush=True)
for name, values in results.items():
    measured = [v for v in values if v is not None]
    median = statistics.median(measured) if measured else None
    print(f"{name}: median VmHWM {median} kB over {len(measured)} runs {values}")
