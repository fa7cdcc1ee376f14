package io.rechargenotify.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load driver of {@code bin/benchmark}: drives {@code POST /recharges} closed-loop (fixed concurrency) and
 * open-loop (fixed rate) against the running services, waits until every recharge is credited, and measures from
 * the databases' own timestamps: commit to credit (recharge completed → ledger entry), relay lag (outbox row → broker
 * ack) and consumer lag (broker ack → ledger entry). Configured by environment variables (bin/benchmark sets them).
 */
public final class Benchmark {

    private static final Duration CREDIT_WAIT = Duration.ofMinutes(3);
    private static final int WARMUP_CONCURRENCY = 32;

    private final HttpClient http;
    private final String rechargeUrl;
    private final String token;
    private final String dbBase;
    private final String dbUser;
    private final String dbPassword;
    private final List<String> accounts = new ArrayList<>();
    private final CpuMeter cpu = new CpuMeter(env("CPU_PIDS", ""));

    private Benchmark() {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.rechargeUrl = env("RECHARGE_URL", "http://127.0.0.1:18081");
        this.token = env("TOKEN", "");
        this.dbBase = "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":" + env("DB_PORT", "5432") + "/";
        this.dbUser = env("DB_USER", "recharge_notify");
        this.dbPassword = env("DB_PASSWORD", "recharge_notify");
    }

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Duration phase = Duration.ofSeconds(Long.parseLong(env("PHASE_SECONDS", "15")));
        int accountCount = Integer.parseInt(env("ACCOUNTS", "1000"));
        for (int i = 0; i < accountCount; i++) {
            accounts.add("BENCH-" + i);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors()));
        report.put("phaseSeconds", phase.toSeconds());
        report.put("accounts", accountCount);

        warmUp();
        List<Map<String, Object>> closed = new ArrayList<>();
        for (String concurrency : env("CONCURRENCY", "1,8,32,128").split(",")) {
            closed.add(closedLoop(Integer.parseInt(concurrency.trim()), phase));
        }
        report.put("closedLoop", closed);
        List<Map<String, Object>> open = new ArrayList<>();
        for (String rate : env("RATES", "100,500,1000").split(",")) {
            open.add(openLoop(Integer.parseInt(rate.trim()), phase));
        }
        report.put("openLoop", open);
        report.put("retryBacklog", withRetryBacklog(Integer.parseInt(env("RETRY_BACKLOG", "100000")), phase));
        report.put("callbacks", callbacks(phase));
        Map<String, Object> pgbench = readPgbench();
        report.put("pgbench", pgbench);
        double best = closed.stream().mapToDouble(c -> (double) c.get("creditedPerSecond")).max().orElse(0);
        report.put("bestCreditedPerSecond", Stats.round(best));
        if (pgbench.get("combinedCeilingPerSecond") instanceof Number ceiling && ceiling.doubleValue() > 0) {
            report.put("endToEndOverPgbench", Math.round(best / ceiling.doubleValue() * 1000) / 1000.0);
        }
        print(report);
        Path out = Path.of(env("OUTPUT", "benchmark/results/latest.json"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.println("\nEvery figure: " + out);
    }

    /**
     * WARMUP_SECONDS (20) of load at concurrency 32, so the JIT has compiled the hot paths and pools and partitions are
     * warm before anything is measured: after the former 5 s of one request at a time, the compiler threads still took
     * 12–30 % of a core per service through the first phases, which their CPU per recharge then counted.
     */
    private void warmUp() throws Exception {
        Duration duration = Duration.ofSeconds(Long.parseLong(env("WARMUP_SECONDS", "20")));
        System.out.printf("warming up, %ds...%n", duration.toSeconds());
        Instant end = Instant.now().plus(duration);
        List<UUID> sent = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(WARMUP_CONCURRENCY);
        int sequence = 0;
        while (Instant.now().isBefore(end)) {
            inFlight.acquire();
            UUID txNo = UUID.randomUUID();
            post(txNo, sequence++).whenComplete((response, failure) -> {
                if (failure == null && response.statusCode() == 201) {
                    sent.add(txNo);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(WARMUP_CONCURRENCY);
        awaitCredited(new ArrayList<>(sent), Instant.now());
    }

    private Map<String, Object> closedLoop(int concurrency, Duration duration) throws Exception {
        System.out.printf("closed loop, concurrency %d, %ds...%n", concurrency, duration.toSeconds());
        ConcurrentLinkedQueue<UUID> sent = new ConcurrentLinkedQueue<>();
        Stats httpLatency = new Stats();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger sequence = new AtomicInteger();
        Instant start = Instant.now();
        Map<String, Double> cpuBefore = cpu.seconds();
        long endNanos = System.nanoTime() + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < endNanos) {
                    UUID txNo = UUID.randomUUID();
                    long before = System.nanoTime();
                    try {
                        HttpResponse<String> response = post(txNo, sequence.getAndIncrement()).get();
                        synchronized (httpLatency) {
                            httpLatency.add((System.nanoTime() - before) / 1e6);
                        }
                        if (response.statusCode() == 201) {
                            sent.add(txNo);
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Instant lastSent = Instant.now();
        List<UUID> txNos = new ArrayList<>(sent);
        Instant lastCredit = awaitCredited(txNos, start);
        Map<String, Object> cpuPerRecharge = CpuMeter.perRecharge(cpuBefore, cpu.seconds(), txNos.size());
        double creditedSeconds = Duration.between(start, lastCredit).toMillis() / 1000.0;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("concurrency", concurrency);
        result.put("recharges", txNos.size());
        result.put("errors", errors.get());
        result.put("acceptedPerSecond", Stats.round(txNos.size() / (Duration.between(start, lastSent).toMillis()
                / 1000.0)));
        result.put("creditedPerSecond", Stats.round(txNos.size() / creditedSeconds));
        result.put("httpLatencyMs", httpLatency.summary());
        result.put("cpuMsPerRecharge", cpuPerRecharge);
        result.putAll(latencies(txNos));
        return result;
    }

    private Map<String, Object> openLoop(int rate, Duration duration) throws Exception {
        System.out.printf("open loop, %d/s, %ds...%n", rate, duration.toSeconds());
        Map<String, Double> cpuBefore = cpu.seconds();
        OpenLoop sent = sendAtRate(rate, duration);
        awaitCredited(sent.accepted(), sent.start());
        Map<String, Object> cpuPerRecharge = CpuMeter.perRecharge(cpuBefore, cpu.seconds(), sent.accepted().size());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("targetPerSecond", rate);
        result.put("offeredPerSecond", sent.offeredPerSecond());
        result.put("recharges", sent.accepted().size());
        result.put("errors", sent.errors());
        result.put("cpuMsPerRecharge", cpuPerRecharge);
        result.putAll(latencies(sent.accepted()));
        return result;
    }

    /** Recharges posted at a fixed rate, whatever the answers take: those answered 201 are {@code accepted}. */
    private record OpenLoop(Instant start, List<UUID> accepted, int errors, double offeredPerSecond) {
    }

    private OpenLoop sendAtRate(int rate, Duration duration) {
        int total = (int) (rate * duration.toSeconds());
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>(total);
        List<UUID> txNos = new ArrayList<>(total);
        Instant start = Instant.now();
        long first = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = first + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            UUID txNo = UUID.randomUUID();
            txNos.add(txNo);
            responses.add(post(txNo, i));
        }
        double sendSeconds = (System.nanoTime() - first) / 1e9;
        List<UUID> accepted = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < total; i++) {
            try {
                if (responses.get(i).get(60, TimeUnit.SECONDS).statusCode() == 201) {
                    accepted.add(txNos.get(i));
                } else {
                    errors++;
                }
            } catch (Exception e) {
                errors++;
            }
        }
        return new OpenLoop(start, accepted, errors, Stats.round(total / sendSeconds));
    }

    /**
     * callback-service calling a fast local receiver back, registered as CALLBACK_ENDPOINTS endpoints that each want
     * every result: open loop at each of CALLBACK_RATES recharges per second, callbacks per second and commit to
     * callback latency. Skipped when CALLBACK_URL is not set (callback-service not started).
     */
    private List<Map<String, Object>> callbacks(Duration phase) throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        String callbackUrl = env("CALLBACK_URL", "");
        if (callbackUrl.isEmpty()) {
            return results;
        }
        int endpoints = Integer.parseInt(env("CALLBACK_ENDPOINTS", "4"));
        try (CallbackPhase receiver = new CallbackPhase()) {
            receiver.register(http, callbackUrl, env("CALLBACK_TOKEN", ""), endpoints);
            for (String rate : env("CALLBACK_RATES", "50,100").split(",")) {
                int perSecond = Integer.parseInt(rate.trim());
                System.out.printf("callbacks, %d recharges/s to %d endpoints, %ds...%n", perSecond, endpoints,
                        phase.toSeconds());
                OpenLoop sent = sendAtRate(perSecond, phase);
                boolean complete = receiver.awaitCallbacks(sent.accepted(), endpoints);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("allCalledBackWithin3Minutes", complete);
                result.put("targetPerSecond", perSecond);
                result.put("endpoints", endpoints);
                result.put("recharges", sent.accepted().size());
                result.put("errors", sent.errors());
                result.putAll(receiver.figures(sent.start(), committedAt(sent.accepted())));
                results.add(result);
            }
        }
        return results;
    }

    /** When each recharge's result was committed in recharge-service. */
    private Map<UUID, Instant> committedAt(List<UUID> txNos) throws SQLException {
        Map<UUID, Instant> committed = new HashMap<>();
        try (Connection recharge = connect("RECHARGE_DB", "recharge_bench");
                PreparedStatement query = recharge.prepareStatement(
                        "SELECT tx_no, completed_at FROM recharge WHERE tx_no = ANY(?) AND completed_at IS NOT NULL")) {
            query.setArray(1, recharge.createArrayOf("uuid", txNos.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    committed.put((UUID) rows.getObject(1), instant(rows, 2));
                }
            }
        }
        return committed;
    }

    /**
     * Fresh results while records wait in the first retry topic, due in an hour: the retry consumer pauses on them
     * and the main topic's consumers never see them, so the latency of the 100/s open loop must not change.
     */
    private Map<String, Object> withRetryBacklog(int waiting, Duration phase) throws Exception {
        String topic = Topics.retry(env("RETRY_TOPIC_STEP", "1m"));
        System.out.printf("%,d records waiting in %s, then open loop 100/s...%n", waiting, topic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        byte[] due = Instant.now().plus(Duration.ofHours(1)).toString().getBytes(StandardCharsets.UTF_8);
        EventSignature.Key key = EventSignature.Key.of(env("EVENT_SIGNING_KEY_ID", "dev"), System.getenv(
                "EVENT_SIGNING_KEY"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < waiting; i++) {
                String account = accounts.get(i % accounts.size());
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, account,
                        EventCodec.encode(RechargeResultEvent.of(RechargeEventType.RechargeSucceeded,
                                UUID.randomUUID(), account, BigDecimal.ONE, "CNY", Instant.now())));
                record.headers().add(EventHeaders.ATTEMPT, "2".getBytes(StandardCharsets.UTF_8))
                        .add(EventHeaders.DUE_AT, due)
                        .add(EventHeaders.SIGNATURE, EventSignature.sign(key, record.value())
                                .getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        Map<String, Object> result = openLoop(100, phase);
        result.put("waitingInRetryTopic", waiting);
        result.put("retryTopic", topic);
        return result;
    }

    private CompletableFuture<HttpResponse<String>> post(UUID txNo, int sequence) {
        String account = accounts.get(Math.floorMod(sequence * 7919, accounts.size()));
        String body = "{\"txNo\":\"" + txNo + "\",\"accountNo\":\"" + account + "\",\"amount\":\"1.00\","
                + "\"currency\":\"CNY\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(rechargeUrl + "/recharges"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until every recharge has its ledger entry; returns the time of the last credit. */
    private Instant awaitCredited(List<UUID> txNos, Instant since) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(CREDIT_WAIT);
        try (Connection account = connect("ACCOUNT_DB", "account_bench");
                PreparedStatement query = account.prepareStatement(
                        "SELECT count(*), max(created_at) FROM ledger_entry WHERE tx_no = ANY(?)")) {
            Array ids = account.createArrayOf("uuid", txNos.toArray());
            while (true) {
                query.setArray(1, ids);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    if (row.getInt(1) >= txNos.size()) {
                        Timestamp last = row.getTimestamp(2);
                        return last == null ? since : last.toInstant();
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(row.getInt(1) + " of " + txNos.size()
                                + " credited after " + CREDIT_WAIT);
                    }
                }
                Thread.sleep(200); // polling the database for completion; nothing to wait on
            }
        }
    }

    /** Commit-to-credit, relay lag and consumer lag of these recharges, from the two databases' timestamps. */
    private Map<String, Object> latencies(List<UUID> txNos) throws SQLException {
        Map<UUID, Instant[]> times = new HashMap<>(); // completed, outbox created, published, credited
        try (Connection recharge = connect("RECHARGE_DB", "recharge_bench");
                PreparedStatement query = recharge.prepareStatement("""
                        SELECT r.tx_no, r.completed_at, o.created_at, o.published_at
                        FROM recharge r JOIN outbox o ON o.tx_no = r.tx_no WHERE r.tx_no = ANY(?)""")) {
            query.setArray(1, recharge.createArrayOf("uuid", txNos.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    times.put((UUID) rows.getObject(1), new Instant[] { instant(rows, 2), instant(rows, 3),
                            instant(rows, 4), null });
                }
            }
        }
        try (Connection account = connect("ACCOUNT_DB", "account_bench");
                PreparedStatement query = account.prepareStatement(
                        "SELECT tx_no, created_at FROM ledger_entry WHERE tx_no = ANY(?)")) {
            query.setArray(1, account.createArrayOf("uuid", txNos.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant[] t = times.get((UUID) rows.getObject(1));
                    if (t != null) {
                        t[3] = instant(rows, 2);
                    }
                }
            }
        }
        Stats commitToCredit = new Stats();
        Stats relay = new Stats();
        Stats consumer = new Stats();
        for (Instant[] t : times.values()) {
            if (t[0] != null && t[3] != null) {
                commitToCredit.add(millis(t[0], t[3]));
            }
            if (t[1] != null && t[2] != null) {
                relay.add(millis(t[1], t[2]));
            }
            if (t[2] != null && t[3] != null) {
                consumer.add(millis(t[2], t[3]));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("commitToCreditMs", commitToCredit.summary());
        result.put("relayLagMs", relay.summary());
        result.put("consumerLagMs", consumer.summary());
        return result;
    }

    private static Map<String, Object> readPgbench() throws IOException {
        Map<String, Object> pgbench = new LinkedHashMap<>();
        Path file = Path.of(env("PGBENCH_RESULT", "benchmark/results/pgbench.properties"));
        if (!Files.exists(file)) {
            return pgbench;
        }
        java.util.Properties values = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            values.load(in);
        }
        double recharge = Double.parseDouble(values.getProperty("recharge.tps", "0"));
        double account = Double.parseDouble(values.getProperty("account.tps", "0"));
        pgbench.put("clients", Integer.parseInt(values.getProperty("clients", "0")));
        pgbench.put("rechargeSideTps", Stats.round(recharge));
        pgbench.put("accountSideTps", Stats.round(account));
        double batchedTps = Double.parseDouble(values.getProperty("account.batched.tps", "0"));
        int batch = Integer.parseInt(values.getProperty("account.batch", "0"));
        if (batchedTps > 0 && batch > 0 && recharge > 0) {
            double batchedPerSecond = batchedTps * batch;
            pgbench.put("accountSideBatch", batch);
            pgbench.put("accountSideBatchedResultsPerSecond", Stats.round(batchedPerSecond));
            pgbench.put("combinedBatchedCeilingPerSecond", Stats.round(1 / (1 / recharge + 1 / batchedPerSecond)));
        }
        // One recharge costs both sides' statements on the same server: their rates combine like resistors.
        if (recharge > 0 && account > 0) {
            pgbench.put("combinedCeilingPerSecond", Stats.round(1 / (1 / recharge + 1 / account)));
        }
        return pgbench;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> report) {
        System.out.println();
        System.out.println("closed loop          recharges  accepted/s  credited/s  http p50/p99 ms   commit→credit p50/p95/p99/max ms   CPU ms/recharge (services)");
        for (Map<String, Object> c : (List<Map<String, Object>>) report.get("closedLoop")) {
            Map<String, Object> http = (Map<String, Object>) c.get("httpLatencyMs");
            Map<String, Object> credit = (Map<String, Object>) c.get("commitToCreditMs");
            System.out.printf("  concurrency %-6s %9s %11s %11s  %6s / %-8s  %s / %s / %s / %s   %s%n",
                    c.get("concurrency"), c.get("recharges"), c.get("acceptedPerSecond"), c.get("creditedPerSecond"),
                    http.get("p50"), http.get("p99"), credit.get("p50"), credit.get("p95"), credit.get("p99"),
                    credit.get("max"), cpuOfServices(c));
        }
        System.out.println("open loop            recharges  offered/s   commit→credit p50/p95/p99/max ms   relay p50/p99   consumer p50/p99   CPU ms/recharge (services)");
        for (Map<String, Object> o : (List<Map<String, Object>>) report.get("openLoop")) {
            Map<String, Object> credit = (Map<String, Object>) o.get("commitToCreditMs");
            Map<String, Object> relay = (Map<String, Object>) o.get("relayLagMs");
            Map<String, Object> consumer = (Map<String, Object>) o.get("consumerLagMs");
            System.out.printf("  %5s/s %18s %10s   %s / %s / %s / %s   %s / %s   %s / %s   %s%n",
                    o.get("targetPerSecond"), o.get("recharges"), o.get("offeredPerSecond"), credit.get("p50"),
                    credit.get("p95"), credit.get("p99"), credit.get("max"), relay.get("p50"), relay.get("p99"),
                    consumer.get("p50"), consumer.get("p99"), cpuOfServices(o));
        }
        Map<String, Object> backlog = (Map<String, Object>) report.get("retryBacklog");
        Map<String, Object> backlogCredit = (Map<String, Object>) backlog.get("commitToCreditMs");
        System.out.printf("    100/s with %,d waiting in %s: commit→credit p50/p95/p99/max %s / %s / %s / %s ms%n",
                backlog.get("waitingInRetryTopic"), backlog.get("retryTopic"), backlogCredit.get("p50"),
                backlogCredit.get("p95"), backlogCredit.get("p99"), backlogCredit.get("max"));
        System.out.println("callbacks            recharges  endpoints  callbacks  callbacks/s  commit→callback p50/p95/p99/max ms");
        for (Map<String, Object> c : (List<Map<String, Object>>) report.get("callbacks")) {
            Map<String, Object> latency = (Map<String, Object>) c.get("commitToCallbackMs");
            System.out.printf("  %5s/s %18s %10s %10s %12s   %s / %s / %s / %s%n", c.get("targetPerSecond"),
                    c.get("recharges"), c.get("endpoints"), c.get("callbacks"), c.get("callbacksPerSecond"),
                    latency.get("p50"), latency.get("p95"), latency.get("p99"), latency.get("max"));
        }
        Map<String, Object> pgbench = (Map<String, Object>) report.get("pgbench");
        System.out.printf("pgbench (same statements, %s clients): recharge side %s tps, account side %s tps, combined "
                + "ceiling %s recharges/s%n", pgbench.get("clients"), pgbench.get("rechargeSideTps"),
                pgbench.get("accountSideTps"), pgbench.get("combinedCeilingPerSecond"));
        if (pgbench.containsKey("combinedBatchedCeilingPerSecond")) {
            System.out.printf("pgbench, account side %s results per transaction: %s results/s, combined ceiling %s "
                    + "recharges/s%n", pgbench.get("accountSideBatch"), pgbench.get("accountSideBatchedResultsPerSecond"),
                    pgbench.get("combinedBatchedCeilingPerSecond"));
        }
        System.out.printf("best end-to-end %s recharges/s credited = %s of the pgbench ceiling%n",
                report.get("bestCreditedPerSecond"), report.get("endToEndOverPgbench"));
    }

    @SuppressWarnings("unchecked")
    private static Object cpuOfServices(Map<String, Object> phase) {
        return ((Map<String, Object>) phase.get("cpuMsPerRecharge")).getOrDefault(CpuMeter.SERVICES, "-");
    }

    private Connection connect(String variable, String fallback) throws SQLException {
        return DriverManager.getConnection(dbBase + env(variable, fallback), dbUser, dbPassword);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
