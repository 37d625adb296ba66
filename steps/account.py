"""Account: the home region of the trail and its storage."""

from steps.question import Question, Step
from wizard.core.validation import validate_region

STEP = Step(
    name="account",
    title="Account and region",
    intro="The home region holds the trail, the bucket, the Log Service project and the KMS key. "
    "The wizard only reads until you approve the plan.",
    questions=(
        Question("region", "Home region", "Region id where the trail and its storage live, e.g. cn-hangzhou.",
                 "text", "cn-hangzhou", validator=validate_region),
    ),
)
