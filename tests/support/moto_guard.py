"""Starts moto server on a free loopback port, prints the port, and stops when stdin closes.

The test binary holds our stdin open for as long as it runs; when it exits — normally, by panic or
by signal — the pipe closes and this process shuts moto down, so no server outlives its tests.
"""
import sys

from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
