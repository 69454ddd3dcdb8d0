/* test_buf.c - the byte buffer: growth, binary safety, consume, printf. */
#include "buf.h"
#include "test.h"

#include <string.h>

static void test_append_and_grow(void)
{
    struct buf b = {0};
    int failures = 0;
    for (int i = 0; i < 100000; i++)
        failures += buf_append(&b, "x\0y", 3) != 0;
    CHECK(failures == 0);
    CHECK(b.len == 300000);
    CHECK(b.cap >= b.len);
    CHECK(memcmp(b.data + 299997, "x\0y", 3) == 0);
    buf_free(&b);
    CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
}

static void test_consume(void)
{
    struct buf b = {0};
    buf_append_str(&b, "hello world");
    buf_consume(&b, 6);
    CHECK(b.len == 5 && memcmp(b.data, "world", 5) == 0);
    buf_consume(&b, 99);
    CHECK(b.len == 0);
    buf_append(&b, "\r\n", 2);
    CHECK(b.len == 2 && b.data[0] == '\r');
    buf_clear(&b);
    CHECK(b.len == 0);
    buf_free(&b);
}

static void test_printf(void)
{
    struct buf b = {0};
    buf_append_str(&b, ">");
    CHECK(buf_printf(&b, "%d:%s", 42, "abc") == 0);
    CHECKF(b.len == 7 && memcmp(b.data, ">42:abc", 7) == 0, "got %.*s", (int)b.len, b.data);
    CHECK(b.data[b.len] == '\0'); /* printf leaves a NUL past len */
    char big[5000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(buf_printf(&b, "%s", big) == 0);
    CHECK(b.len == 7 + sizeof big - 1);
    buf_free(&b);
}

static void test_reserve(void)
{
    struct buf b = {0};
    CHECK(buf_reserve(&b, 10) == 0 && b.cap >= 10 && b.len == 0);
    CHECK(buf_reserve(&b, (size_t)-1) == -1); /* overflow is refused */
    buf_free(&b);
}

int main(void)
{
    test_append_and_grow();
    test_consume();
    test_printf();
    test_reserve();
    return test_report();
}
