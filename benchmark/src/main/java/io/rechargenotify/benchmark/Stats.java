package io.rechargenotify.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percentiles of a sample of durations in milliseconds. */
final class Stats {

    private final List<Double> values = new ArrayList<>();

    void add(double millis) {
        values.add(millis);
    }

    int count() {
        return values.size();
    }

    double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", values.size());
        summary.put("p50", round(percentile(50)));
        summary.put("p95", round(percentile(95)));
        summary.put("p99", round(percentile(99)));
        summary.put("max", round(percentile(100)));
        return summary;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
