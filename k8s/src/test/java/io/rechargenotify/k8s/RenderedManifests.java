package io.rechargenotify.k8s;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An overlay as {@code kubectl kustomize} renders it: the objects a cluster would be given. */
final class RenderedManifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<Map<String, Object>> objects;

    private RenderedManifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    static RenderedManifests render(String overlay) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("k8s.dir", "."), "overlays", overlay);
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        byte[] output = kubectl.getInputStream().readAllBytes();
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> documents = YAML.readerForMapOf(Object.class).readValues(output)) {
            while (documents.hasNext()) {
                Map<String, Object> document = documents.next();
                if (document != null && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        return new RenderedManifests(objects);
    }

    List<Map<String, Object>> all() {
        return objects;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    Optional<Map<String, Object>> named(String kind, String namePrefix) {
        return ofKind(kind).stream().filter(object -> name(object).startsWith(namePrefix)).findFirst();
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(path(object, "metadata", "name"));
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object value) {
        return (T) value;
    }

    /** The value at a path of map keys, or null. */
    static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
