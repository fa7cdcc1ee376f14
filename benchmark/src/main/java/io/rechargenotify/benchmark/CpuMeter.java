package io.rechargenotify.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each process of the system under test – each counted with its live descendants (the Kafka launcher's
 * broker JVM, the Postgres postmaster's backends) – and by this driver. Read from the OS through {@link ProcessHandle}
 * (on Linux {@code /proc/<pid>/stat}: user plus system time), so CPU per credited recharge is a figure that stays
 * comparable across runs whose wall-clock throughput a noisy machine bends. Processes that ended during a phase
 * (short-lived Postgres backends) are not counted; the services keep pooled connections, so their backends live on.
 */
final class CpuMeter {

    /** The two services whose CPU per recharge is the headline figure. */
    static final String SERVICES = "services";

    private final Map<String, Long> roots = new LinkedHashMap<>();

    /** {@code spec}: {@code name=pid,…} as bin/benchmark passes it in {@code CPU_PIDS}; the driver is added. */
    CpuMeter(String spec) {
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split("=");
            if (parts.length == 2 && !parts[1].isBlank()) {
                roots.put(parts[0].trim(), Long.parseLong(parts[1].trim()));
            }
        }
        roots.put("driver", ProcessHandle.current().pid());
    }

    /** CPU seconds used so far by each named process with its descendants. */
    Map<String, Double> seconds() {
        Map<String, Double> used = new LinkedHashMap<>();
        roots.forEach((name, pid) -> used.put(name, ProcessHandle.of(pid)
                .map(root -> Stream.concat(Stream.of(root), root.descendants())
                        .mapToLong(process -> process.info().totalCpuDuration().map(cpu -> cpu.toNanos()).orElse(0L))
                        .sum() / 1e9)
                .orElse(0.0)));
        return used;
    }

    /** Milliseconds of CPU per recharge of each process between two readings, and of both services together. */
    static Map<String, Object> perRecharge(Map<String, Double> before, Map<String, Double> after, int recharges) {
        Map<String, Object> perRecharge = new LinkedHashMap<>();
        if (recharges == 0) {
            return perRecharge;
        }
        double services = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            double ms = (entry.getValue() - before.getOrDefault(entry.getKey(), 0.0)) * 1000 / recharges;
            perRecharge.put(entry.getKey(), Stats.round(ms));
            if (entry.getKey().equals("recharge-service") || entry.getKey().equals("account-service")) {
                services += ms;
            }
        }
        perRecharge.put(SERVICES, Stats.round(services));
        return perRecharge;
    }
}
