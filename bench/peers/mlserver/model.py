"""The tutorial model as an MLServer custom runtime (V2 inference protocol).

POST /v2/models/tutorial/infer
  {"inputs": [{"name": "xy", "shape": [1], "datatype": "BYTES", "data": ["2 105"]}]}
-> {"outputs": [{"name": "output", "datatype": "BYTES", "data": ["False"], ...}], ...}
"""
from mlserver import MLModel
from mlserver.codecs import StringCodec
from mlserver.types import InferenceRequest, InferenceResponse


class Tutorial(MLModel):
    async def load(self) -> bool:
        self.module = {"w0": 100, "w1": 2}
        return True

    async def predict(self, payload: InferenceRequest) -> InferenceResponse:
        out = []
        for item in StringCodec.decode_input(payload.inputs[0]):
            x, y = item.split(" ")
            out.append("True" if self.module["w1"] * int(x) + self.module["w0"] >= int(y) else "False")
        return InferenceResponse(model_name=self.name, outputs=[StringCodec.encode_output("output", out)])
