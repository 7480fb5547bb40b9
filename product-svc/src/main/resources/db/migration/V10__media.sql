-- Uploaded product images, stored by the SHA-256 of the uploaded bytes (re-uploads cost nothing).
-- The objects (original, medium, thumbnail) live in the media store under '<sha256>/<rendition>';
-- a row here says they are complete. A row is removed, with its objects, once no image refers to it.
CREATE TABLE media_blobs (
    sha256       text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type text        NOT NULL,
    width        int         NOT NULL CHECK (width > 0),
    height       int         NOT NULL CHECK (height > 0),
    bytes        int         NOT NULL CHECK (bytes > 0),
    created_at   timestamptz NOT NULL
);

-- The blob an image shows, when it is an upload rather than a URL from elsewhere. The foreign key
-- makes the removal of a blob that an image still refers to fail rather than break the image.
ALTER TABLE product_images ADD COLUMN media_sha256 text REFERENCES media_blobs (sha256);
CREATE INDEX product_images_media_idx ON product_images (media_sha256) WHERE media_sha256 IS NOT NULL;
