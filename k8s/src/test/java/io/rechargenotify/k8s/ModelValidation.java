package io.rechargenotify.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a rendered object into its Kubernetes (fabric8), Strimzi or Prometheus Operator (fabric8's monitoring) model
 * class and lists every field the model does not know. The models keep unknown fields in {@code additionalProperties}
 * instead of failing, so the check walks the whole object tree: a misspelt or misplaced field ({@code readinessProbes},
 * {@code limit}) is found wherever it is. CloudNativePG publishes no Java model; its Cluster is checked against the
 * fields this project uses.
 */
final class ModelValidation {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    /** The CloudNativePG Cluster fields this project sets (postgresql.cnpg.io/v1). */
    private static final Map<String, Set<String>> CNPG_CLUSTER = Map.of(
            "", Set.of("apiVersion", "kind", "metadata", "spec"),
            "spec", Set.of("instances", "imageName", "storage", "bootstrap"),
            "spec.storage", Set.of("size", "storageClass"),
            "spec.bootstrap", Set.of("initdb"),
            "spec.bootstrap.initdb", Set.of("database", "owner", "secret"));

    private ModelValidation() {
    }

    /** The problems of one object: an unknown kind, a field its model does not know. Empty when valid. */
    static List<String> problems(Map<String, Object> object) {
        String type = object.get("apiVersion") + "/" + object.get("kind");
        String where = type + " " + RenderedManifests.name(object);
        List<String> problems = new ArrayList<>();
        if ("postgresql.cnpg.io/v1/Cluster".equals(type)) {
            checkKnownFields(object, "", CNPG_CLUSTER, where, problems);
            return problems;
        }
        Class<?> model = MODELS.get(type);
        if (model == null) {
            problems.add(where + ": no model for this kind (add one, or is the apiVersion wrong?)");
            return problems;
        }
        Object parsed;
        try {
            parsed = MAPPER.convertValue(object, model);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return problems;
        }
        collectUnknownFields(parsed, where, problems);
        return problems;
    }

    private static void collectUnknownFields(Object node, String path, List<String> problems) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, problems));
            return;
        }
        String type = node.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + unknown.keySet());
                }
            } else if (!getter.getDeclaringClass().getName().startsWith("java.")) {
                collectUnknownFields(value, path + "." + getter.getName().substring(3), problems);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkKnownFields(Map<String, Object> node, String path, Map<String, Set<String>> schema,
            String where, List<String> problems) {
        Set<String> known = schema.get(path);
        if (known == null) {
            return;
        }
        for (Map.Entry<String, Object> field : node.entrySet()) {
            if (!known.contains(field.getKey())) {
                problems.add(where + ": unknown field " + (path.isEmpty() ? "" : path + ".") + field.getKey());
            } else if (field.getValue() instanceof Map<?, ?> child) {
                checkKnownFields((Map<String, Object>) child, path.isEmpty() ? field.getKey()
                        : path + "." + field.getKey(), schema, where, problems);
            }
        }
    }
}
