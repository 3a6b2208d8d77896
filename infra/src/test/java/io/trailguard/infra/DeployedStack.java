package io.trailguard.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A synthesized stack deployed into moto's CloudFormation the way {@code cdk deploy} does it: the bootstrap
 * version parameter, the function asset published to the bucket the template names, then CreateStack.
 */
record DeployedStack(String name, Map<String, Object> template, List<StackResourceSummary> resources) {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Synthesizes {@code stackName} of the app and deploys it with {@code code} as every function's asset; the
     * template is the one CreateStack received. The app is synthesized on a stand-in zip (hashing and staging the
     * real 90 MB one costs CDK most of a minute): {@code code} is published under the key the template names.
     */
    @SuppressWarnings("unchecked")
    static DeployedStack deploy(Moto moto, App app, String stackName, Map<String, String> moduloMoto, Path code)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        CloudAssembly assembly = app.synth();
        System.out.printf("%s synthesized in %d ms%n", stackName, (System.nanoTime() - start) / 1_000_000);
        Map<String, Object> template = JSON.convertValue(assembly.getStackByName(stackName).getTemplate(), Map.class);
        try (SsmClient ssm = moto.client(SsmClient.builder()); var s3 = moto.s3()) {
            ssm.putParameter(p -> p.name("/cdk-bootstrap/hnb659fds/version").value("30").type(ParameterType.STRING).overwrite(true));
            Set<Object> published = new HashSet<>();
            for (Map<String, Object> function : resourcesOf(template, "AWS::Lambda::Function").values()) {
                Map<String, Object> asset = (Map<String, Object>) Synth.props(function).get("Code");
                if (asset.get("S3Key") instanceof String key && asset.get("S3Bucket") instanceof String bucket && published.add(asset)) {
                    if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                        s3.createBucket(b -> b.bucket(bucket));
                    }
                    s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromFile(code));
                }
            }
        }
        workAroundMoto(template, moduloMoto);
        try (CloudFormationClient cfn = moto.client(CloudFormationClient.builder())) {
            String body = write(template);
            // beside moto's log, to read what it was given
            Files.writeString(Path.of("target", stackName + ".deployed.template.json"), body);
            try {
                cfn.createStack(c -> c.stackName(stackName).templateBody(body)
                        .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM));
            } catch (CloudFormationException e) {
                throw new IllegalStateException(stackName + ": CreateStack refused: " + e.awsErrorDetails().rawResponse().asUtf8String(), e);
            }
            Stack stack;
            long deadline = System.currentTimeMillis() + 60_000;
            do {
                Thread.sleep(200);
                stack = cfn.describeStacks(d -> d.stackName(stackName)).stacks().get(0);
            } while (stack.stackStatusAsString().endsWith("_IN_PROGRESS") && System.currentTimeMillis() < deadline);
            if (!"CREATE_COMPLETE".equals(stack.stackStatusAsString())) {
                throw new IllegalStateException(stackName + ": " + stack.stackStatusAsString() + " " + stack.stackStatusReason());
            }
            List<StackResourceSummary> resources = cfn.listStackResourcesPaginator(l -> l.stackName(stackName))
                    .stackResourceSummaries().stream().toList();
            return new DeployedStack(stackName, template, resources);
        }
    }

    /**
     * What moto 5.2.1 cannot deploy as CloudFormation does, rewritten to what it can: an archive's pattern as JSON
     * text, not an object; an archive's name, which moto generates from the stack name without cutting it to the 48
     * characters it then requires; a rule's bus as its name, not a Ref (moto resolves the Ref to its bus object).
     * {@code busNames}: logical id of a bus → its name.
     */
    @SuppressWarnings("unchecked")
    private static void workAroundMoto(Map<String, Object> template, Map<String, String> busNames) throws IOException {
        for (Map<String, Object> archive : resourcesOf(template, "AWS::Events::Archive").values()) {
            Map<String, Object> props = Synth.props(archive);
            props.put("EventPattern", write(props.get("EventPattern")));
            props.putIfAbsent("ArchiveName", "trailguard-archive");
        }
        for (Map<String, Object> rule : resourcesOf(template, "AWS::Events::Rule").values()) {
            Map<String, Object> props = Synth.props(rule);
            if (props.get("EventBusName") instanceof Map<?, ?> ref && busNames.containsKey(ref.get("Ref"))) {
                props.put("EventBusName", busNames.get(ref.get("Ref")));
            }
        }
        Set<String> alarms = resourcesOf(template, "AWS::CloudWatch::Alarm").keySet();
        for (Map<String, Object> dashboard : resourcesOf(template, "AWS::CloudWatch::Dashboard").values()) {
            Map<String, Object> props = Synth.props(dashboard);
            props.put("DashboardBody", alarmArnsBuilt(props.get("DashboardBody"), alarms));
        }
    }

    /**
     * moto refuses a dashboard whose body names an alarm by {@code Fn::GetAtt [alarm, Arn]} ("references undefined
     * resource"): the same ARN, built from the alarm's name ({@code Ref}), is what CloudFormation would put there.
     */
    @SuppressWarnings("unchecked")
    private static Object alarmArnsBuilt(Object node, Set<String> alarms) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2 && alarms.contains(att.get(0))
                    && "Arn".equals(att.get(1))) {
                return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":cloudwatch:",
                        Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":alarm:", Map.of("Ref", att.get(0)))));
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, alarmArnsBuilt(v, alarms)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> alarmArnsBuilt(v, alarms)).toList();
        }
        return node;
    }

    /** Resource types of the template that moto's CloudFormation does not model (it lists them without a type, or not). */
    Set<String> unmodeledTypes() {
        Set<String> types = new TreeSet<>();
        resourcesById().forEach((id, resource) -> {
            if (resources.stream().noneMatch(r -> r.logicalResourceId().equals(id) && r.resourceType() != null
                    && !r.resourceType().isBlank())) {
                types.add(String.valueOf(((Map<?, ?>) resource).get("Type")));
            }
        });
        return types;
    }

    /** Resources moto created: those it models. */
    long created() {
        return resources.stream().filter(r -> r.resourceType() != null && !r.resourceType().isBlank()).count();
    }

    String physicalId(String logicalId) {
        return resources.stream().filter(r -> r.logicalResourceId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource " + logicalId)).physicalResourceId();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> resourcesById() {
        return new LinkedHashMap<>((Map<String, Object>) template.get("Resources"));
    }

    /** The resources of one type in a template, by logical id. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resourcesOf(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) template.get("Resources")).forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    static String write(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws IOException {
        return JSON.readValue(Files.readString(file), Map.class);
    }
}
