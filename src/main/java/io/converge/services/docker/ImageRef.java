package io.converge.services.docker;

/** An image reference split for a pull: a missing tag means {@code latest}, never "all tags". */
record ImageRef(String repository, String tag) {

    static ImageRef parse(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return new ImageRef(image.substring(0, at), image.substring(at + 1));
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageRef(image, "latest");
    }
}
