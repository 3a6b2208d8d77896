package io.trailguard.policy;

/** The AWS resource a decision is about, by CloudFormation-style type and the id its API takes. */
public record ResourceRef(String type, String id) {

    public static final String S3_BUCKET = "AWS::S3::Bucket";
    public static final String CLOUDTRAIL_TRAIL = "AWS::CloudTrail::Trail";
    public static final String IAM_USER = "AWS::IAM::User";
    public static final String IAM_ROLE = "AWS::IAM::Role";
    public static final String IAM_GROUP = "AWS::IAM::Group";

    @Override
    public String toString() {
        return type + " " + id;
    }
}
