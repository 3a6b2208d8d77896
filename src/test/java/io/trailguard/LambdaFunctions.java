package io.trailguard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** A Lambda function in moto for the remediation tests: created, never invoked, so no Docker is needed. */
public final class LambdaFunctions {

    private LambdaFunctions() {
    }

    /** Creates the function and its execution role; returns the function ARN. */
    public static String create(IamClient iam, LambdaClient lambda, String name) {
        String role = iam.createRole(b -> b.roleName(name + "-exec").assumeRolePolicyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"""))
                .role().arn();
        return lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(role).handler("app.handler")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip())))).functionArn();
    }

    private static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("app.py"));
            zip.write("def handler(event, context):\n    return event\n".getBytes());
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
