"""promptflow.contracts.multimedia of the GenAIOps promptflow shim: images as bytes, as prompt flow's."""
import base64
import hashlib


class PFBytes(bytes):
    """Bytes with a mime type and where they came from."""

    def __new__(cls, value, *args, **kwargs):
        return super().__new__(cls, value)

    def __init__(self, value, mime_type, source_url=None):
        super().__init__()
        self._mime_type = mime_type
        self._source_url = source_url
        self._hash = hashlib.sha1(value).hexdigest()[:8]

    @property
    def source_url(self):
        return self._source_url

    def to_base64(self, with_type=False, dict_type=False):
        encoded = base64.b64encode(self).decode("utf-8")
        if not with_type:
            return encoded
        if dict_type:
            return {"data:%s;base64" % self._mime_type: encoded}
        return "data:%s;base64,%s" % (self._mime_type, encoded)


class Image(PFBytes):
    """An image (flow input type `image`)."""

    def __init__(self, value, mime_type=None, source_url=None):
        super().__init__(value, mime_type or "image/*", source_url)

    def __str__(self):
        return "Image(%s)" % self._hash

    def __repr__(self):
        return "Image(%s)" % self._hash

    def serialize(self, encoder=None):
        return encoder(self) if encoder else str(self)


class Text(str):
    """Text content of a multimodal message."""
