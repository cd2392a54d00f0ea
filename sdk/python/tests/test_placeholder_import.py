import importlib.util


def test_sdk_folder_is_importable_path():
    # Replaced by the real SDK suite; asserts the tests run from the repo root.
    assert importlib.util.find_spec("pytest") is not None
