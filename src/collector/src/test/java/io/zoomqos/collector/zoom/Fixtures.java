package io.zoomqos.collector.zoom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Zoom fixtures under {@code src/test/resources/fixtures/zoom} (constructed data, see docs/zoom-api.md). */
final class Fixtures {

    private Fixtures() {
    }

    static String zoom(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/zoom/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
