package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * IAM's query API as the executors sign it ({@link SignedQueryCall#iam}), without moto: the executors' calls and the
 * SDK's own IAM client talk to one recording server answering as IAM does, and each request must be the one the SDK's
 * client sends (form, and the signature's scope: us-east-1 and iam, though the function runs in another region). A list
 * is read over every page, as the SDK's paginators read it; IAM's NoSuchEntity is an answer, other errors are thrown.
 * The executors' behaviour against the emulator is in the IAM policies' remediation tests.
 */
class IamQueryCallsTest {

    static final StaticCredentialsProvider TESTING = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    record Request(Map<String, String> form, String scope) {
    }

    final List<Request> requests = new ArrayList<>();
    Function<Map<String, String>, String[]> answers = form -> new String[] {"200", "<" + form.get("Action") + "Response/>"};
    RecordingServer server;
    IamClient sdk;
    TagIamRole tagRole;
    DetachManagedPolicy detach;

    @BeforeEach
    void start() throws IOException {
        MDC.clear(); // no handler or policy context left by an earlier test on this thread
        server = RecordingServer.start(this::answer);
        // us-east-1: what IAM's endpoint rules sign aws-global's calls for at iam.amazonaws.com (with an endpoint override the
        // rules name no signing region, and the SDK would sign for "aws-global")
        sdk = IamClient.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint()).credentialsProvider(TESTING)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        tagRole = new TagIamRole(server.clientConfig("eu-west-1"), TESTING);
        detach = new DetachManagedPolicy(server.clientConfig("eu-west-1"), TESTING);
    }

    @AfterEach
    void stop() {
        tagRole.close();
        detach.close();
        sdk.close();
        server.close();
    }

    @Test
    void aRoleIsTaggedWithTheRequestTheSdkSends() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("owner", "a&b <team>");
        tags.put("cost-center", "42 / x=y");
        tagRole.apply(TagIamRole.spec("app-role", tags));
        sdk.tagRole(b -> b.roleName("app-role").tags(Tag.builder().key("owner").value("a&b <team>").build(),
                Tag.builder().key("cost-center").value("42 / x=y").build()));

        assertEquals(2, requests.size());
        assertEquals(requests.get(1).form(), requests.get(0).form(), "TagRole as the SDK sends it");
        assertEquals("TagRole", requests.get(0).form().get("Action"));
        assertEquals("a&b <team>", requests.get(0).form().get("Tags.member.1.Value"));
        assertEquals(requests.get(1).scope(), requests.get(0).scope());
        assertTrue(requests.get(0).scope().endsWith("/us-east-1/iam/aws4_request"), requests.get(0).scope());
    }

    @Test
    void liveTagsAreReadWithTheirEscapesDecoded() {
        answers = form -> new String[] {"200", "<ListRoleTagsResponse><ListRoleTagsResult><IsTruncated>false</IsTruncated><Tags>"
                + "<member><Key>owner</Key><Value>a&amp;b &lt;team&gt;</Value></member><member><Key>empty</Key><Value></Value></member>"
                + "</Tags></ListRoleTagsResult></ListRoleTagsResponse>"};
        assertFalse(tagRole.needed(TagIamRole.spec("app-role", Map.of("owner", "a&b <team>", "empty", ""))), "both tags are there");
        assertTrue(tagRole.needed(TagIamRole.spec("app-role", Map.of("owner", "a&b <team>", "cost-center", "42"))), "one is missing");
        assertTrue(tagRole.needed(TagIamRole.spec("app-role", Map.of("owner", "someone else"))), "one has another value");
        assertEquals(Map.of("Action", "ListRoleTags", "Version", "2010-05-08", "RoleName", "app-role"), requests.get(0).form());
    }

    @Test
    void attachedPoliciesAreReadOverEveryPage() {
        answers = form -> new String[] {"200", form.containsKey("Marker")
                ? attached(false, null, "arn:aws:iam::aws:policy/AdministratorAccess")
                : attached(true, "page&2", "arn:aws:iam::aws:policy/ReadOnlyAccess")};
        IamPrincipal role = new IamPrincipal(IamPrincipal.Kind.ROLE, "app-role");
        assertTrue(detach.needed(DetachManagedPolicy.spec(role, "arn:aws:iam::aws:policy/AdministratorAccess")), "on the second page");
        assertEquals(2, requests.size());
        assertEquals("page&2", requests.get(1).form().get("Marker"), "the next page asked for with the first one's marker");

        assertEquals(2, sdk.listAttachedRolePoliciesPaginator(b -> b.roleName("app-role")).attachedPolicies().stream().count());
        assertEquals(4, requests.size());
        assertEquals(requests.subList(2, 4), requests.subList(0, 2), "both pages asked for as the SDK's paginator asks");

        assertFalse(detach.needed(DetachManagedPolicy.spec(role, "arn:aws:iam::aws:policy/PowerUserAccess")), "on no page");
    }

    @Test
    void aMissingEntityIsAnAnswerAndOtherErrorsAreThrown() {
        try (SignedQueryCall iam = SignedQueryCall.iam(server.clientConfig("eu-west-1"), TESTING)) {
            answers = form -> new String[] {"404", error("NoSuchEntity", "The role with name gone cannot be found.")};
            assertNull(iam.callUnless("NoSuchEntity", "GetRole", SignedQueryCall.parameters("RoleName", "gone")));

            answers = form -> new String[] {"403", error("AccessDenied", "not authorized to perform iam:GetRole")};
            AwsServiceException denied = assertThrows(AwsServiceException.class,
                    () -> iam.callUnless("NoSuchEntity", "GetRole", SignedQueryCall.parameters("RoleName", "app-role")));
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
            assertEquals(403, denied.statusCode());
            assertEquals("r-1", denied.requestId());
        }
    }

    @Test
    void membersAreReadFromTheNamedListOnly() {
        String xml = "<R><Other><member><Key>x</Key></member></Other><Tags/><Versions><member><VersionId>v2</VersionId></member>"
                + "<member><VersionId>v1</VersionId></member></Versions></R>";
        assertEquals(List.of(), SignedQueryCall.members(xml, "Tags"), "an empty list");
        assertEquals(List.of(), SignedQueryCall.members(xml, "Missing"));
        assertEquals(List.of("<VersionId>v2</VersionId>", "<VersionId>v1</VersionId>"), SignedQueryCall.members(xml, "Versions"));
        assertEquals(Map.of("x", ""), SignedQueryCall.tags(SignedQueryCall.members(xml, "Other")), "a tag without a value is empty");
    }

    private static String attached(boolean truncated, String marker, String arn) {
        return "<ListAttachedRolePoliciesResponse><ListAttachedRolePoliciesResult><IsTruncated>" + truncated + "</IsTruncated>"
                + (marker != null ? "<Marker>" + marker.replace("&", "&amp;") + "</Marker>" : "")
                + "<AttachedPolicies><member><PolicyName>" + arn.substring(arn.lastIndexOf('/') + 1) + "</PolicyName><PolicyArn>" + arn
                + "</PolicyArn></member></AttachedPolicies></ListAttachedRolePoliciesResult></ListAttachedRolePoliciesResponse>";
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> form = RecordingServer.form(exchange);
        requests.add(new Request(form, RecordingServer.signingScope(exchange)));
        String[] answer = answers.apply(form);
        RecordingServer.send(exchange, Integer.parseInt(answer[0]), "text/xml", answer[1]);
        exchange.close();
    }
}
