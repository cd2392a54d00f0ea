# -*- coding: utf-8 -*-
"""Cold-start benchmark processor: the smallest useful allspark processor (echo)."""
import allspark


class Echo(allspark.BaseProcessor):
    def process(self, data):
        return data, 200


if __name__ == "__main__":
    Echo(worker_threads=1).run()
