"""System policies every account has from the start (a realistic subset), as data (read by models.py)."""

SYSTEM_POLICIES: dict[str, tuple[str, dict]] = {
    "AdministratorAccess": ("Provides full access to Alibaba Cloud services and resources.",
                            {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    "AliyunActionTrailFullAccess": ("Provides full access to ActionTrail.", {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "actiontrail:*", "Resource": "*"},
        {"Effect": "Allow", "Action": ["oss:ListBuckets", "oss:GetBucketInfo", "log:ListProject"], "Resource": "*"},
        {"Effect": "Allow", "Action": "ram:CreateServiceLinkedRole", "Resource": "*",
         "Condition": {"StringEquals": {"ram:ServiceName": "actiontrail.aliyuncs.com"}}}]}),
    "AliyunActionTrailReadOnlyAccess": ("Provides read-only access to ActionTrail.", {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["actiontrail:Describe*", "actiontrail:Get*", "actiontrail:LookupEvents"],
         "Resource": "*"}]}),
    "AliyunOSSFullAccess": ("Provides full access to OSS.",
                            {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:*", "Resource": "*"}]}),
    "AliyunLogFullAccess": ("Provides full access to Log Service.",
                            {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "log:*", "Resource": "*"}]}),
    "AliyunKMSFullAccess": ("Provides full access to KMS.",
                            {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}),
    "AliyunKMSReadOnlyAccess": ("Provides read-only access to KMS.", {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["kms:List*", "kms:Describe*", "kms:Get*"], "Resource": "*"}]}),
    "AliyunKMSCryptoUserAccess": ("Allows encryption and decryption with KMS keys.", {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
         "Resource": "*"}]}),
}
