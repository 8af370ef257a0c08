-- +goose Up
-- ReadFile streams a file in pieces with substr(): stored uncompressed
-- out of line (EXTERNAL), PostgreSQL reads only the TOAST chunks a piece
-- covers, instead of decompressing the whole value for every piece. Uploads
-- are mostly images and PDFs, compressed already. Applies to bytes stored
-- from now on.
ALTER TABLE file_blobs ALTER COLUMN data SET STORAGE EXTERNAL;

-- +goose Down
ALTER TABLE file_blobs ALTER COLUMN data SET STORAGE EXTENDED;
