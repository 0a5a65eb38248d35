"""Finding the files an issue document's image references name, and checking them as
uploaded images are checked."""

from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from ..uploads import image_format


def find_image(path, media_dir=None, images=None):
    """The file an image reference names: from `images` ({file name: file}) or under
    `media_dir`, as written or by its bare name. None when missing; a warning text when the
    file is there but is not a picture."""
    name = PurePosixPath(path).name
    found = images.get(name) if images and name else None
    if found is None and media_dir is not None and name:
        root = Path(media_dir).resolve()
        candidates = ((root / path).resolve(), (root / name).resolve())
        found = next((c for c in candidates if c.is_relative_to(root) and c.is_file()), None)
    if found is None:
        return None
    problem = _image_problem(found)
    if problem:
        return _("%(name)s was left out: %(problem)s") % {"name": path, "problem": problem}
    return found


def _image_problem(found):
    """Why a file cannot be an entry's image (the rules of uploaded images), or None."""
    try:
        if isinstance(found, Path):
            with found.open("rb") as handle:
                image_format(File(handle))
        else:
            image_format(found)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def same_bytes(stored, found):
    """Whether an entry's stored image holds exactly the bytes of a found file."""
    try:
        with stored.open("rb") as handle:
            saved = handle.read()
    except OSError:
        return False
    if isinstance(found, Path):
        return saved == found.read_bytes()
    found.seek(0)
    given = found.read()
    found.seek(0)
    return saved == given
