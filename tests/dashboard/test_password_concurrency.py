"""At most ARGON2_AT_ONCE argon2 computations run at once in a process (memory budget)."""

from __future__ import annotations

import threading

import pytest

from data.services import passwords


class _BlockingHasher:
    """Stands in for argon2: counts how many calls are inside at once, holds them until told."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.lock = threading.Lock()
        self.entered = threading.Condition(self.lock)
        self.release = threading.Event()

    def verify(self, _hash: str, _password: str) -> bool:
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
            self.entered.notify_all()
        self.release.wait(timeout=30)
        with self.lock:
            self.inside -= 1
        return True


def test_a_burst_of_sign_ins_runs_at_most_two_argon2_hashes_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = _BlockingHasher()
    monkeypatch.setattr(passwords, "_hasher", fake)
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(passwords.verify("hash", "password-1")))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    with fake.lock:
        assert fake.entered.wait_for(lambda: fake.inside == passwords.ARGON2_AT_ONCE, timeout=30)
        # The others stay queued while the first ones hold their slots.
        assert not fake.entered.wait_for(
            lambda: fake.inside > passwords.ARGON2_AT_ONCE, timeout=0.3
        )
    fake.release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [True] * 8
    assert fake.most == passwords.ARGON2_AT_ONCE
