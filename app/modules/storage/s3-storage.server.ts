import type { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { assertValidKey, contentTypeOfKey } from "./keys";
import type { Storage } from "./storage";

export type S3StorageConfig = {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (http://host/bucket/key), which MinIO and most S3-compatible stores need. */
  forcePathStyle: boolean;
  /** Optional key prefix, to share a bucket. */
  prefix?: string;
};

/** S3 or any S3-compatible object store (MinIO, R2, Garage, …). PUTs are atomic by nature. */
export function createS3Storage(config: S3StorageConfig): Storage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
  });
  const objectKey = (key: string) => {
    assertValidKey(key);
    return config.prefix ? `${config.prefix.replace(/\/+$/, "")}/${key}` : key;
  };

  async function get(key: string) {
    try {
      const result = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
      return {
        body: result.Body as Readable,
        size: result.ContentLength ?? 0,
        contentType: result.ContentType ?? contentTypeOfKey(key),
      };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
      throw error;
    }
  }

  return {
    async put(key, data, { contentType }) {
      await client.send(
        new PutObjectCommand({ Bucket: config.bucket, Key: objectKey(key), Body: data, ContentType: contentType }),
      );
    },

    get,

    async read(key) {
      const object = await get(key);
      return object ? buffer(object.body) : null;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    },

    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
        return true;
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === "NotFound") return false;
        throw error;
      }
    },
  };
}
