# -*- coding: utf-8 -*-
"""Batching benchmark model: y = x @ W with x a 1xN float32 vector (the request body,
N*4 bytes little-endian) and W a fixed NxN float32 matrix; answers argmax(y).

One request is a matrix-vector product that reads all of W (memory-bound: N=6144 is a
144 MiB matrix, larger than the caches); a batch of B stacked inputs is one matrix-matrix
product that reads W once, so the cost per item falls with B (until it is compute-bound:
about 5x at B=32 on a 2-core EPYC; the batching scenario prints the ceiling). process_batch is
used when the service has rpc.batching on; process otherwise.
"""
import os

# One BLAS thread: the instance is pinned to one CPU with the gateway.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

import allspark  # noqa: E402

N = 6144


class MatmulProcessor(allspark.BaseProcessor):
    def initialize(self):
        self.w = np.random.default_rng(0).standard_normal((N, N), dtype=np.float32)

    def _vector(self, data):
        x = np.frombuffer(data, dtype="<f4")
        if x.shape != (N,):
            raise ValueError("expected %d float32 values (%d bytes), got %d bytes" % (N, N * 4, len(data)))
        return x

    def process(self, data):
        y = self._vector(data) @ self.w
        return str(int(np.argmax(y))).encode(), 200

    def process_batch(self, items):
        good = []
        out = [None] * len(items)
        for i, data in enumerate(items):
            try:
                good.append((i, self._vector(data)))
            except ValueError as e:
                out[i] = (str(e).encode(), 400)
        if good:
            y = np.stack([x for _, x in good]) @ self.w
            for (i, _), k in zip(good, np.argmax(y, axis=1)):
                out[i] = (str(int(k)).encode(), 200)
        return out


if __name__ == "__main__":
    MatmulProcessor(worker_threads=2).run()
