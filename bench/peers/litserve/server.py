"""The tutorial model on LitServe: POST /predict {"input": "2 105"} -> {"output": "False"}."""
import os

import litserve as ls


class TutorialAPI(ls.LitAPI):
    def setup(self, device):
        self.module = {"w0": 100, "w1": 2}

    def decode_request(self, request):
        x, y = request["input"].split(" ")
        return int(x), int(y)

    def predict(self, xy):
        x, y = xy
        return "True" if self.module["w1"] * x + self.module["w0"] >= y else "False"

    def encode_response(self, output):
        return {"output": output}


if __name__ == "__main__":
    server = ls.LitServer(TutorialAPI(), accelerator="cpu", workers_per_device=1)
    server.run(host="127.0.0.1", port=int(os.environ.get("BENCH_PORT", "8000")), num_api_servers=1, log_level="warning", generate_client_file=False)
