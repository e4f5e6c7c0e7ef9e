"""What the boto3 end-to-end scripts share: reading the service error of a call that must fail."""
from botocore.exceptions import ClientError


def error_of(call, **params):
    """The (code, message) of a call that must fail with a service error."""
    try:
        call(**params)
    except ClientError as err:
        return [err.response["Error"]["Code"], err.response["Error"]["Message"]]
    raise AssertionError(f"{call.__name__}({params}) succeeded")
