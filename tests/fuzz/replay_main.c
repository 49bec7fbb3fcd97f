/*
 * replay_main.c: runs a libFuzzer target's LLVMFuzzerTestOneInput over
 * files, without libFuzzer, so `make test-fuzz` can replay the corpus and
 * the saved crashes with any compiler's ASan/UBSan. Arguments are files or
 * directories (their files, recursively); it fails when nothing was read.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f) {
        perror(path);
        return -1;
    }
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    /* A copy of exactly len bytes, so ASan sees any read past the end. */
    {
        uint8_t *exact = malloc(len ? len : 1);

        if (!exact)
            abort();
        memcpy(exact, buf, len);
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return 1;
}

/* Number of files replayed under path, or -1 on an error. */
static long replay_path(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;
    long total = 0;

    if (stat(path, &sb) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(sb.st_mode))
        return replay_file(path);
    d = opendir(path);
    if (!d) {
        perror(path);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        char sub[4096];
        long n;

        if (e->d_name[0] == '.')
            continue;           /* ".", "..", ".gitkeep" */
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        n = replay_path(sub);
        if (n < 0) {
            closedir(d);
            return -1;
        }
        total += n;
    }
    closedir(d);
    return total;
}

int main(int argc, char **argv)
{
    long total = 0;
    int i;

    LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        long n = replay_path(argv[i]);

        if (n < 0)
            return 2;
        printf("%s: %ld inputs\n", argv[i], n);
        total += n;
    }
    if (total == 0) {
        fprintf(stderr, "no inputs replayed\n");
        return 1;
    }
    printf("replayed %ld inputs without a crash\n", total);
    return 0;
}
