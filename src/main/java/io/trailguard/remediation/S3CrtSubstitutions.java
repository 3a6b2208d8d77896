package io.trailguard.remediation;

import java.util.function.BooleanSupplier;

import com.oracle.svm.core.annotate.Delete;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * Native image only: the S3 module's CRT-based client needs the AWS CRT, which trailguard does not ship (it builds no S3
 * client at all, {@link SignedS3Call}, but the S3 module stays in the binaries as S3 Control's compile dependency). Every SDK interceptor is registered for reflection (quarkus-amazon-common),
 * the CRT client's among them, whose attribute class cannot even be initialized without the CRT: these classes are
 * removed from the image, as the Quarkus S3 extension did when trailguard used it.
 */
final class S3CrtSubstitutions {

    private S3CrtSubstitutions() {
    }

    static final class CrtAbsent implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            try {
                Class.forName("software.amazon.awssdk.crt.s3.S3Client", false, CrtAbsent.class.getClassLoader());
                return false;
            } catch (ClassNotFoundException e) {
                return true;
            }
        }
    }

    @TargetClass(className = "software.amazon.awssdk.services.s3.internal.crt.S3CrtAsyncClient", onlyWith = CrtAbsent.class)
    @Delete
    static final class DeleteS3CrtAsyncClient {
    }

    @TargetClass(className = "software.amazon.awssdk.services.s3.internal.crt.DefaultS3CrtAsyncClient", onlyWith = CrtAbsent.class)
    @Delete
    static final class DeleteDefaultS3CrtAsyncClient {
    }

    @TargetClass(className = "software.amazon.awssdk.services.s3.internal.crt.DefaultS3CrtAsyncClient$AttachHttpAttributesExecutionInterceptor",
            onlyWith = CrtAbsent.class)
    @Delete
    static final class DeleteAttachHttpAttributesExecutionInterceptor {
    }
}
