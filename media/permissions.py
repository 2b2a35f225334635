"""Who may do what with H5P content. Which items a person sees and changes is the model's rule
(``H5PContent.objects.visible_to`` / ``editable_by``)."""


def may_upload(user):
    return user.has_perm("media.add_h5pcontent")
