"""The tutorial model on Ray Serve: POST /tutorial with the raw body "2 105" -> False (text).

Started by `python serve_app.py`: a local Ray instance, the HTTP proxy on BENCH_PORT, one replica.
"""
import os
import time

import ray
from ray import serve
from starlette.requests import Request
from starlette.responses import PlainTextResponse


@serve.deployment(num_replicas=1, max_ongoing_requests=100, ray_actor_options={"num_cpus": 0})
class Tutorial:
    def __init__(self):
        self.module = {"w0": 100, "w1": 2}

    async def __call__(self, request: Request):
        x, y = (await request.body()).split(b" ")
        ok = self.module["w1"] * int(x) + self.module["w0"] >= int(y)
        return PlainTextResponse("True" if ok else "False")


app = Tutorial.bind()

if __name__ == "__main__":
    ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
    serve.start(http_options={"host": "127.0.0.1", "port": int(os.environ.get("BENCH_PORT", "8000"))})
    serve.run(app, name="tutorial", route_prefix="/tutorial")
    print("ready", flush=True)
    while True:
        time.sleep(3600)
