package io.trailguard;

import java.util.Arrays;
import java.util.Map;

import jakarta.enterprise.inject.Instance;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.catalog.CatalogCommand;
import io.trailguard.engine.ResetBrakesCommand;
import io.trailguard.handler.JvmRuntimeApiLoop;
import io.trailguard.replay.DecideBenchmark;
import io.trailguard.replay.RedriveCommand;
import io.trailguard.replay.ReplayCommand;
import io.trailguard.rules.ValidateRulesCommand;
import io.trailguard.sigma.SigmaCommand;

/**
 * Without arguments: the Lambda function (the runtime loop serves events until the process is stopped; the JVM
 * build starts that loop itself, see {@link JvmRuntimeApiLoop}).
 * With {@code replay PATH...}: decides over recorded events locally, in dry-run, with no AWS call.
 * With {@code catalog [PATH]}: writes the policy catalog that {@code infra/} deploys from ({@code catalog --coverage}: the README coverage table).
 * With {@code bench-decide PATH...}: times the decide path over those events (BENCHMARKS.md).
 * With {@code reset-brakes [NAME...]}: takes off remediation brakes in the deployed table (README, Configuration).
 * With {@code sigma PATH... [--out FILE]}: converts Sigma rules of AWS CloudTrail into a trailguard rules file.
 * With {@code validate-rules PATH...}: checks rules files offline, every problem on its own line.
 * With {@code redrive --queue URL ...}: lists a function's dead-letter queue, replays it, sends it again (README, Operating).
 */
@QuarkusMain
@RegisterForReflection(classNames = Main.PARSSON) // JSON-P builds the provider it is told of by reflection
public class Main {

    static final String JSON_PROVIDER = "jakarta.json.provider";
    /** The JSON-P provider the JSON log extension brings. */
    static final String PARSSON = "org.eclipse.parsson.JsonProviderImpl";

    public static void main(String... args) {
        lambdaLogNames(System.getenv());
        jsonLogProvider();
        boolean resetBrakes = args.length > 0 && ("reset-brakes".equals(args[0]) || "redrive".equals(args[0]));
        if (args.length > 0 && ("replay".equals(args[0]) || "catalog".equals(args[0]) || "bench-decide".equals(args[0])
                || "sigma".equals(args[0]) || "validate-rules".equals(args[0]) || resetBrakes)) {
            // a terminal command: its output is the summary, not the function's start-up log
            System.setProperty("quarkus.log.level", System.getProperty("quarkus.log.level", "WARN"));
            System.setProperty("quarkus.log.console.json.enabled", System.getProperty("quarkus.log.console.json.enabled", "false"));
            // these commands make no AWS call (but reset-brakes and redrive, in the caller's region), yet every client wants a region
            if (!resetBrakes && System.getProperty("aws.region") == null && System.getenv("AWS_REGION") == null) {
                System.setProperty("aws.region", "us-east-1");
            }
            // the native binary's idle runtime-API loop (see IdleRuntimeApi) reports its cut connection at exit
            System.setProperty("quarkus.log.category.\"io.quarkus.amazon.lambda.runtime\".level", "OFF");
            IdleRuntimeApi.installForNativeCommand();
        }
        Quarkus.run(Application.class, args);
    }

    /**
     * In Lambda, the names the JSON log gives each line: hostName is the execution environment's log stream, processName
     * the function's name. Set before the first log record, whose class otherwise looks them up at each cold start (a
     * DNS lookup of the host name, the process's command line and user from /proc and /etc/passwd) for names that say
     * nothing of a Lambda sandbox. Names set with -Djboss.host.name and the like stay.
     */
    static void lambdaLogNames(Map<String, String> env) {
        String function = env.get("AWS_LAMBDA_FUNCTION_NAME");
        if (function == null) {
            return;
        }
        String host = env.getOrDefault("AWS_LAMBDA_LOG_STREAM_NAME", function);
        for (var name : Map.of("jboss.qualified.host.name", host, "jboss.host.name", host, "jboss.process.name", function).entrySet()) {
            if (System.getProperty(name.getKey()) == null) {
                System.setProperty(name.getKey(), name.getValue());
            }
        }
    }

    /**
     * Names JSON-P's provider before the JSON log formatter asks for it (twice, at each start): unnamed, JSON-P looks for
     * it in every service file of the class path, 2 % of a cold start's CPU (BENCHMARKS.md). A provider named with
     * -Djakarta.json.provider stays.
     */
    static void jsonLogProvider() {
        if (System.getProperty(JSON_PROVIDER) == null) {
            System.setProperty(JSON_PROVIDER, PARSSON);
        }
    }

    public static class Application implements QuarkusApplication {

        private final ReplayCommand replay;
        private final CatalogCommand catalog;
        private final DecideBenchmark benchmark;
        private final ResetBrakesCommand resetBrakes;
        private final SigmaCommand sigma;
        private final ValidateRulesCommand validateRules;
        /** Not in a single handler's binary (it calls SQS and Lambda, which that binary need not hold): the all binary and the jar have it. */
        private final Instance<RedriveCommand> redrive;

        public Application(ReplayCommand replay, CatalogCommand catalog, DecideBenchmark benchmark, ResetBrakesCommand resetBrakes,
                SigmaCommand sigma, ValidateRulesCommand validateRules, Instance<RedriveCommand> redrive) {
            this.validateRules = validateRules;
            this.redrive = redrive;
            this.replay = replay;
            this.resetBrakes = resetBrakes;
            this.catalog = catalog;
            this.benchmark = benchmark;
            this.sigma = sigma;
        }

        @Override
        public int run(String... args) {
            if (args.length > 0 && "replay".equals(args[0])) {
                return replay.run(System.out, System.err, System.console() != null, Arrays.copyOfRange(args, 1, args.length));
            }
            if (args.length > 0 && "catalog".equals(args[0])) {
                return catalog.run(System.out, Arrays.copyOfRange(args, 1, args.length));
            }
            if (args.length > 0 && "sigma".equals(args[0])) {
                return sigma.run(System.out, System.err, Arrays.copyOfRange(args, 1, args.length));
            }
            if (args.length > 0 && "validate-rules".equals(args[0])) {
                return validateRules.run(System.out, Arrays.copyOfRange(args, 1, args.length));
            }
            if (args.length > 0 && "bench-decide".equals(args[0])) {
                return benchmark.run(System.out, Arrays.copyOfRange(args, 1, args.length));
            }
            if (args.length > 0 && "redrive".equals(args[0])) {
                if (!redrive.isResolvable()) {
                    System.err.println("redrive is an operator's command: run it with the all binary or the JVM jar, not a single function's binary");
                    return 2;
                }
                return redrive.get().run(System.out, Arrays.copyOfRange(args, 1, args.length));
            }
            if (args.length > 0 && "reset-brakes".equals(args[0])) {
                return resetBrakes.run(System.out, Arrays.copyOfRange(args, 1, args.length));
            }
            JvmRuntimeApiLoop loop = new JvmRuntimeApiLoop();
            if (JvmRuntimeApiLoop.needed()) {
                loop.start();
            }
            Quarkus.waitForExit();
            loop.stop();
            return 0;
        }
    }
}
