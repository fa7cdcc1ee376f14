package io.rechargenotify.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A receiver that is there and never answers: a listening socket on loopback that accepts no connection, so the
 * kernel completes the handshake, takes the request and nothing comes back – every call ends in callback-service's
 * call timeout, holding its slot until then, the costliest way for a receiver to be dead.
 */
public final class Blackhole implements AutoCloseable {

    private final ServerSocket socket;

    public Blackhole() throws IOException {
        socket = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
