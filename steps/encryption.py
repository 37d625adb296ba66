"""Encryption: the customer KMS key for the bucket, the Logstore's key."""

from steps.question import Question, Step
from steps.when import with_cmk, with_oss, with_sls
from wizard.core.settings import SLS_ENCRYPTION_CHOICES
from wizard.core.validation import validate_kms_key, validate_sls_encryption


STEP = Step(
    name="encryption",
    title="Encryption",
    intro="The bucket is encrypted with a customer-managed KMS key (SSE-KMS) that rotates yearly and is "
    "protected from deletion; the Logstore is encrypted too.",
    questions=(
        Question("oss.kms_key", "Bucket KMS key", '"create" for a new key, or an existing key id or alias/NAME '
                 "in the home region.", "text", "create", validator=validate_kms_key, when=with_oss,
                 suggest="key_aliases"),
        Question("sls.encryption", "Logstore encryption", "service: the Log Service key; cmk: your KMS key.",
                 "choice", "service", choices=SLS_ENCRYPTION_CHOICES, validator=validate_sls_encryption,
                 when=with_sls),
        Question("sls.kms_key", "Logstore KMS key", '"create" (the trail\'s key), a key id or alias/NAME.', "text",
                 "create", validator=validate_kms_key, when=with_cmk, suggest="key_aliases"),
    ),
)
