package io.trailguard.policy;

/** The AWS resource a decision is about, by CloudFormation-style type and the id its API takes. */
public record ResourceRef(String type, String id) {

    public static final String S3_BUCKET = "AWS::S3::Bucket";
    public static final String CLOUDTRAIL_TRAIL = "AWS::CloudTrail::Trail";
    public static final String IAM_USER = "AWS::IAM::User";
    public static final String IAM_ROLE = "AWS::IAM::Role";
    public static final String IAM_GROUP = "AWS::IAM::Group";
    /** A customer managed policy, by ARN; trailguard reads no tags of it. */
    public static final String IAM_MANAGED_POLICY = "AWS::IAM::ManagedPolicy";
    public static final String EC2_SECURITY_GROUP = "AWS::EC2::SecurityGroup";
    public static final String EC2_NETWORK_ACL = "AWS::EC2::NetworkAcl";
    public static final String EC2_INSTANCE = "AWS::EC2::Instance";
    public static final String EC2_VOLUME = "AWS::EC2::Volume";
    public static final String EC2_SNAPSHOT = "AWS::EC2::Snapshot";
    public static final String EC2_IMAGE = "AWS::EC2::Image";
    public static final String EC2_KEY_PAIR = "AWS::EC2::KeyPair";
    public static final String RDS_DB_INSTANCE = "AWS::RDS::DBInstance";
    public static final String RDS_DB_SNAPSHOT = "AWS::RDS::DBSnapshot";
    public static final String RDS_DB_CLUSTER_SNAPSHOT = "AWS::RDS::DBClusterSnapshot";
    public static final String DYNAMODB_TABLE = "AWS::DynamoDB::Table";
    public static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";
    /** An account's root user, by account id: not an IAM user (one may be named "root"), so no tag can exempt it. */
    public static final String IAM_ROOT_USER = "AWS::IAM::RootUser";
    public static final String KMS_KEY = "AWS::KMS::Key";
    public static final String GUARDDUTY_DETECTOR = "AWS::GuardDuty::Detector";
    public static final String CONFIG_RECORDER = "AWS::Config::ConfigurationRecorder";
    public static final String CONFIG_DELIVERY_CHANNEL = "AWS::Config::DeliveryChannel";
    public static final String SECURITY_HUB = "AWS::SecurityHub::Hub";
    public static final String SECURITY_HUB_STANDARD = "AWS::SecurityHub::Standard";
    public static final String EC2_FLOW_LOG = "AWS::EC2::FlowLog";
    public static final String ACCESS_ANALYZER = "AWS::AccessAnalyzer::Analyzer";
    public static final String ORGANIZATIONS_ACCOUNT = "AWS::Organizations::Account";
    public static final String RDS_DB_CLUSTER = "AWS::RDS::DBCluster";
    public static final String SQS_QUEUE = "AWS::SQS::Queue";
    public static final String SNS_TOPIC = "AWS::SNS::Topic";
    public static final String ECR_REPOSITORY = "AWS::ECR::Repository";
    public static final String SECRETSMANAGER_SECRET = "AWS::SecretsManager::Secret";
    public static final String GLACIER_VAULT = "AWS::Glacier::Vault";
    /** An account's S3 public access block, by account id. */
    public static final String S3_ACCOUNT_PUBLIC_ACCESS_BLOCK = "AWS::S3::AccountPublicAccessBlock";
    /** A region's EBS encryption-by-default setting, by {@code <account>/<region>}. */
    public static final String EC2_EBS_ENCRYPTION_BY_DEFAULT = "AWS::EC2::EBSEncryptionByDefault";
    public static final String EVENTS_RULE = "AWS::Events::Rule";
    public static final String ROUTE53_DOMAIN = "AWS::Route53Domains::Domain";
    public static final String ROUTE53_RESOLVER_QUERY_LOG_CONFIG = "AWS::Route53Resolver::ResolverQueryLoggingConfig";
    public static final String MACIE_SESSION = "AWS::Macie::Session";
    public static final String GUARDDUTY_IP_SET = "AWS::GuardDuty::IPSet";
    public static final String GUARDDUTY_THREAT_INTEL_SET = "AWS::GuardDuty::ThreatIntelSet";
    public static final String GUARDDUTY_FILTER = "AWS::GuardDuty::Filter";

    @Override
    public String toString() {
        return type + " " + id;
    }
}
