package io.trailguard.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.it.MotoClients;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Cold start and warm remediation of the packaged function, native and JVM side by side, against a local
 * Lambda runtime API ({@link RuntimeApiServer}) and moto. Prints figures; see native-tests/bench/run and BENCHMARKS.md.
 *
 * <p>Cold start: exec of the process → the first event's response posted, for an s3 PutBucketAcl public-read
 * event that is remediated (ACL rewritten, public access block put, SNS alert). Warm: the same remediation,
 * event after event, in one running process.
 *
 * {@code --event policy/sample} picks another sample event (e.g. one decided without any AWS call).
 *
 * <p>Arguments: {@code --runs N --warm N [--event policy/sample]} then one or more {@code name=command...} (a command line split on
 * spaces, run in the current directory given by {@code name.dir=...} if any).
 */
public final class LambdaBenchmark {

    static final String BUCKET = "tg-demo-data";
    static final String REMEDIATION = "s3-public-bucket/put-bucket-acl-canned-public-read";
    static String event;
    static String expect;

    public static void main(String[] args) throws Exception {
        int runs = 20;
        int warm = 50;
        String sample = REMEDIATION;
        Map<String, List<String>> commands = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--warm")) {
                warm = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--event")) {
                sample = args[++i];
            } else if (args[i].contains(".dir=")) {
                dirs.put(args[i].substring(0, args[i].indexOf(".dir=")), Path.of(args[i].substring(args[i].indexOf('=') + 1)));
            } else {
                String name = args[i].substring(0, args[i].indexOf('='));
                commands.put(name, List.of(args[i].substring(name.length() + 1).split(" ")));
            }
        }
        event = SampleEvents.read(sample.substring(0, sample.indexOf('/')), sample.substring(sample.indexOf('/') + 1));
        // the remediation must really happen; any other sample must at least be decided
        expect = sample.equals(REMEDIATION) ? "\"outcome\":\"applied\"" : "\"status\":\"decided\"";
        new MotoServer().start();
        try (S3Client s3 = MotoClients.s3(); SnsClient sns = MotoClients.sns(); RuntimeApiServer api = new RuntimeApiServer()) {
            Map<String, List<RuntimeApiServer.Answer>> cold = new LinkedHashMap<>();
            Map<String, List<Long>> coldNanos = new LinkedHashMap<>();
            commands.keySet().forEach(n -> {
                cold.put(n, new ArrayList<>());
                coldNanos.put(n, new ArrayList<>());
            });
            // one discarded start each, so that the page cache holds the binaries and jars as on a warm Lambda host
            for (int run = -1; run < runs; run++) {
                for (var c : commands.entrySet()) {
                    publicBucket(s3, sns);
                    api.nextProcess();
                    api.offer(event);
                    long start = System.nanoTime();
                    Process p = start(c.getValue(), dirs.get(c.getKey()), api.address());
                    api.watch(p.pid());
                    RuntimeApiServer.Answer a = api.awaitAnswer(120);
                    stop(p);
                    check(c.getKey(), a);
                    if (run >= 0) {
                        cold.get(c.getKey()).add(a);
                        coldNanos.get(c.getKey()).add(a.answeredNanos() - start);
                    }
                }
            }
            System.out.printf("%ncold start: exec -> first response posted (%d runs each; event %s)%n", runs, sample);
            System.out.printf("%-14s %10s %10s %10s %10s %12s %12s %12s %10s%n", "build", "median_ms", "p90_ms", "min_ms", "max_ms", "cpu_med_ms",
                    "rss_med_MiB", "rss_max_MiB", "faults_med");
            for (String n : runs == 0 ? List.<String>of() : commands.keySet()) {
                long[] ms = coldNanos.get(n).stream().mapToLong(Long::longValue).sorted().toArray();
                long[] rss = cold.get(n).stream().mapToLong(RuntimeApiServer.Answer::peakRssKb).sorted().toArray();
                long[] cpu = cold.get(n).stream().mapToLong(RuntimeApiServer.Answer::cpuNanos).sorted().toArray();
                long[] faults = cold.get(n).stream().mapToLong(RuntimeApiServer.Answer::minorFaults).sorted().toArray();
                System.out.printf("%-14s %10.1f %10.1f %10.1f %10.1f %12.1f %12.1f %12.1f %10d%n", n, ms[ms.length / 2] / 1e6, pct(ms, 0.9) / 1e6,
                        ms[0] / 1e6, ms[ms.length - 1] / 1e6, cpu[cpu.length / 2] / 1e6, rss[rss.length / 2] / 1024.0, rss[rss.length - 1] / 1024.0,
                        faults[faults.length / 2]);
            }

            if (warm == 0) {
                System.exit(0);
            }
            System.out.printf("%nwarm: event handed out -> response posted, %d events in one process (after 5 warm-up events)%n", warm);
            System.out.printf("%-14s %10s %10s %10s %12s %12s %10s%n", "build", "p50_ms", "p99_ms", "max_ms", "events_per_s", "cpu_p50_ms", "faults_p50");
            for (var c : commands.entrySet()) {
                api.nextProcess();
                Process p = start(c.getValue(), dirs.get(c.getKey()), api.address());
                api.watch(p.pid());
                long[] nanos = new long[warm];
                long[] cpu = new long[warm];
                long[] faults = new long[warm];
                long cpuBefore = 0;
                long faultsBefore = 0;
                for (int i = -5; i < warm; i++) {
                    publicBucket(s3, sns);
                    api.offer(delivery(i + 5));
                    RuntimeApiServer.Answer a = api.awaitAnswer(120);
                    check(c.getKey(), a);
                    if (i >= 0) {
                        nanos[i] = a.answeredNanos() - a.handedOutNanos();
                        cpu[i] = a.cpuNanos() - cpuBefore;
                        faults[i] = a.minorFaults() - faultsBefore;
                    }
                    cpuBefore = a.cpuNanos();
                    faultsBefore = a.minorFaults();
                }
                stop(p);
                Arrays.sort(nanos);
                Arrays.sort(cpu);
                Arrays.sort(faults);
                double mean = Arrays.stream(nanos).average().orElse(0);
                System.out.printf("%-14s %10.2f %10.2f %10.2f %12.0f %12.2f %10d%n", c.getKey(), nanos[warm / 2] / 1e6, pct(nanos, 0.99) / 1e6,
                        nanos[warm - 1] / 1e6, 1e9 / mean, cpu[warm / 2] / 1e6, faults[warm / 2]);
            }
        }
        System.exit(0);
    }

    /** The bucket made public again and the alert topic there: each event remediates for real. */
    static void publicBucket(S3Client s3, SnsClient sns) {
        // no moto reset between events: with the IAM managed policies loaded, a reset costs seconds
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        s3.deletePublicAccessBlock(b -> b.bucket(BUCKET));
        var acl = s3.getBucketAcl(b -> b.bucket(BUCKET));
        var owner = acl.grants().stream().filter(g -> g.grantee().type() == Type.CANONICAL_USER).findFirst().orElseThrow();
        s3.putBucketAcl(b -> b.bucket(BUCKET).accessControlPolicy(p -> p.owner(acl.owner()).grants(owner,
                Grant.builder().grantee(g -> g.type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers"))
                        .permission(Permission.READ).build())));
        sns.createTopic(b -> b.name("trailguard-alerts"));
    }

    static Process start(List<String> command, Path dir, String runtimeApi) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/bench-function.log"));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Map<String, String> env = pb.environment();
        String moto = MotoServer.endpoint();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_REGION", MotoServer.REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "trailguard-bench");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        env.put("DISABLE_SIGNAL_HANDLERS", "true");
        env.put("QUARKUS_LAMBDA_HANDLER", "all");
        env.put("TRAILGUARD_AWS_ENDPOINT_OVERRIDE", moto);
        env.put("TRAILGUARD_ALERTS_SNS_TOPIC_ARN", "arn:aws:sns:us-east-1:" + MotoServer.ACCOUNT + ":trailguard-alerts");
        // the warm runs remediate 55 times in a minute: the function's brake (50 per 10 min) would hold the rest
        env.put("TRAILGUARD_RATE_LIMIT_ENABLED", "false");
        return pb.start();
    }

    /**
     * The event as the n-th call of its kind: its own event id, so that every warm event is alerted (one event id
     * delivered again is a redelivery: deduplicated, no SNS call) and the warm figures include the alert as cold ones do.
     */
    static String delivery(int n) {
        String id = event.replaceAll("(?s).*\"eventID\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        return event.replace(id, id + "-" + n);
    }

    static void stop(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    static void check(String name, RuntimeApiServer.Answer a) throws Exception {
        if (a.error() || !a.body().contains(expect)) {
            throw new IllegalStateException(name + " answered without " + expect + ": " + a.body() + "\n"
                    + Files.readString(Path.of("target/bench-function.log")));
        }
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
