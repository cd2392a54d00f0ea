"""The tutorial model on BentoML: POST /predict {"data": "2 105"} -> False (text/plain)."""
import bentoml


@bentoml.service(workers=1)
class Tutorial:
    def __init__(self):
        self.module = {"w0": 100, "w1": 2}

    @bentoml.api
    def predict(self, data: str) -> str:
        x, y = data.split(" ")
        return "True" if self.module["w1"] * int(x) + self.module["w0"] >= int(y) else "False"
