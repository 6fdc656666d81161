import os
import stat

import pytest

from precisecli.store.atomic import TEMP_PREFIX, copy_temp, write_temp


def test_temp_files_are_private_and_hold_the_data(tmp_path):
    path = write_temp(tmp_path, b"abc")
    assert path.read_bytes() == b"abc" and path.name.startswith(TEMP_PREFIX)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(3 << 20))  # several chunks
    assert copy_temp(tmp_path, src, chunk=1 << 20).read_bytes() == src.read_bytes()


def test_a_failed_write_leaves_no_temp_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        copy_temp(tmp_path, tmp_path / "missing")
    with pytest.raises(TypeError):
        write_temp(tmp_path, "text, not bytes")  # type: ignore[arg-type]
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))
