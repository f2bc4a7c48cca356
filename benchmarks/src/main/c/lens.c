/*
 * Reference C implementation of poolkit's lens kernel, for the Java-vs-C benchmark.
 *
 * The arithmetic is that of org.poolkit.render.lens.LensPlane#evaluate, term by term and in the same order
 * (leaves summed in file order, pixels visited row by row with x the inner index), in double precision on one
 * thread. Results agree with the JVM kernel to rounding: the only differences come from the libm functions
 * (log, exp, atan, sqrt is exact in both) and, if the compiler is allowed to contract a*b+c into FMA, from that.
 * With -std=c11 GCC does not contract (-ffp-contract=off in ISO mode).
 *
 * Input: a little-endian binary scene written by org.poolkit.benchmarks.CKernel#writeScene:
 *   int32 magic 0x4C454E53 ('LENS'), int32 nleaves, int32 nx, int32 ny,
 *   float64 xmin, xmax, ymin, ymax, ratio f (Dds/Ds), sigmaCrit, hasSource (0 or 1), sx, sy, ssigma,
 *   nleaves * STRIDE float64 leaves: type, cx, cy, cos, sin, factor, p0 .. p5 at the offsets LEAF_TYPE .. LEAF_P5
 *   (types POINT_MASS, SIS, PLUMMER, NSIE; parameters as documented in LensPlane).
 * The leaf layout and the quantity order are not defined here: CKernel#build passes them as -D macros
 * (LensPlane#macros(): STRIDE, LEAF_*, the type codes, QUANTITIES and Q_*, the values of LensPlane's constants of
 * the same names and the Quantity ordinals).
 *
 * Usage: lens SCENE.bin REPEATS
 * Renders all QUANTITIES quantities over the whole grid REPEATS times into maps of nx*ny doubles (allocated once),
 * timing each render with clock_gettime(CLOCK_MONOTONIC), and prints one JSON line on stdout:
 *   {"pixels": n, "leaves": m, "seconds": [t1, ...], "sums": [s0, ..., s9]}
 * where sums[q] is the sum of map q over all pixels in pixel order (after the last repeat), printed with %.17g;
 * a sum that is NaN or infinite is printed as null. Quantities, in LensPlane/Quantity order: alpha_x, alpha_y,
 * alpha_xx, alpha_yy, alpha_xy, potential, density, kappa, inverse magnification, image.
 * Errors go to stderr with exit status 2.
 *
 * Build: gcc -O3 -march=native -std=c11 -DSTRIDE=12 -DLEAF_TYPE=0 ... -o lens lens.c -lm, as CKernel#build does
 */
#define _POSIX_C_SOURCE 199309L

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAGIC 0x4C454E53u
#define HEADER_INTS 4
#define HEADER_DOUBLES 10

#if !defined(STRIDE) || !defined(LEAF_TYPE) || !defined(LEAF_X) || !defined(LEAF_Y) || !defined(LEAF_COS) \
    || !defined(LEAF_SIN) || !defined(LEAF_FACTOR) || !defined(LEAF_P0) || !defined(LEAF_P4) \
    || !defined(POINT_MASS) || !defined(SIS) || !defined(PLUMMER) || !defined(NSIE) || !defined(QUANTITIES) \
    || !defined(Q_ALPHA_X) || !defined(Q_IMAGE)
#error "the leaf layout and quantity order are defined by org.poolkit.benchmarks.CKernel#build as -D macros"
#endif

typedef struct {
    int nleaves;
    int nx;
    int ny;
    double xmin, xmax, ymin, ymax;
    double ratio;
    double critical_density;
    int has_source;
    double sx, sy, ssigma;
    double *leaves;
} Plane;

static void fail(const char *format, const char *arg) {
    fputs("lens: ", stderr);
    fprintf(stderr, format, arg);
    fputc('\n', stderr);
    exit(2);
}

static uint32_t le32(const unsigned char *b) {
    return (uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;
}

static double le64(const unsigned char *b) {
    uint64_t bits = 0;
    for (int i = 7; i >= 0; i--) {
        bits = bits << 8 | b[i];
    }
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static int32_t to_int32(uint32_t u) {
    int32_t i;
    memcpy(&i, &u, sizeof i);
    return i;
}

/* Reads the whole file; exits with status 2 on any error. */
static unsigned char *read_file(const char *path, size_t *length) {
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        fprintf(stderr, "lens: cannot open %s: %s\n", path, strerror(errno));
        exit(2);
    }
    size_t capacity = 1 << 16;
    size_t used = 0;
    unsigned char *data = malloc(capacity);
    if (data == NULL) {
        fail("out of memory reading %s", path);
    }
    for (;;) {
        if (used == capacity) {
            capacity *= 2;
            unsigned char *bigger = realloc(data, capacity);
            if (bigger == NULL) {
                fail("out of memory reading %s", path);
            }
            data = bigger;
        }
        size_t got = fread(data + used, 1, capacity - used, in);
        used += got;
        if (got == 0) {
            break;
        }
    }
    if (ferror(in)) {
        fail("error reading %s", path);
    }
    fclose(in);
    *length = used;
    return data;
}

static void load(const char *path, Plane *p) {
    size_t length;
    unsigned char *data = read_file(path, &length);
    const size_t header = 4 * HEADER_INTS + 8 * HEADER_DOUBLES;
    if (length < header) {
        fail("%s: too short for a scene header", path);
    }
    if (le32(data) != MAGIC) {
        fail("%s: bad magic (not a LENS scene file)", path);
    }
    int32_t nleaves = to_int32(le32(data + 4));
    int32_t nx = to_int32(le32(data + 8));
    int32_t ny = to_int32(le32(data + 12));
    if (nleaves < 0 || nx < 2 || ny < 2) {
        fail("%s: bad header (need nleaves >= 0, nx >= 2, ny >= 2)", path);
    }
    if ((size_t) nleaves > (SIZE_MAX - header) / (8 * STRIDE)
            || length != header + (size_t) nleaves * 8 * STRIDE) {
        fail("%s: file size does not match the leaf count in the header", path);
    }
    const unsigned char *d = data + 4 * HEADER_INTS;
    p->nleaves = nleaves;
    p->nx = nx;
    p->ny = ny;
    p->xmin = le64(d);
    p->xmax = le64(d + 8);
    p->ymin = le64(d + 16);
    p->ymax = le64(d + 24);
    p->ratio = le64(d + 32);
    p->critical_density = le64(d + 40);
    double has_source = le64(d + 48);
    p->sx = le64(d + 56);
    p->sy = le64(d + 64);
    p->ssigma = le64(d + 72);
    if (has_source != 0 && has_source != 1) {
        fail("%s: hasSource must be 0 or 1", path);
    }
    p->has_source = has_source == 1;
    if (!isfinite(p->xmin) || !isfinite(p->xmax) || !isfinite(p->ymin) || !isfinite(p->ymax)
            || !(p->xmax > p->xmin) || !(p->ymax > p->ymin)) {
        fail("%s: bad grid edges (need finite xmin < xmax, ymin < ymax)", path);
    }
    size_t count = (size_t) nleaves * STRIDE;
    p->leaves = malloc(count == 0 ? 1 : count * sizeof(double));
    if (p->leaves == NULL) {
        fail("out of memory for the leaves of %s", path);
    }
    const unsigned char *l = d + 8 * HEADER_DOUBLES;
    for (size_t k = 0; k < count; k++) {
        p->leaves[k] = le64(l + 8 * k);
    }
    for (int k = 0; k < nleaves; k++) {
        double type = p->leaves[(size_t) k * STRIDE + LEAF_TYPE];
        if (type != POINT_MASS && type != SIS && type != PLUMMER && type != NSIE) {
            char where[64];
            snprintf(where, sizeof where, "%d", k);
            fail("unknown leaf type at leaf %s", where);
        }
    }
    free(data);
}

/* Java's LensPlane.atanh, not C's atanh: the same formula, so the same rounding. */
static inline double atanh_j(double z) {
    return 0.5 * log((1 + z) / (1 - z));
}

/* LensPlane.evaluate, statement for statement. */
static inline void evaluate(const Plane *p, double x, double y, double *out) {
    double ax = 0;
    double ay = 0;
    double axx = 0;
    double ayy = 0;
    double axy = 0;
    double psi = 0;
    double sigma = 0;
    const double *l = p->leaves;
    const size_t end = (size_t) p->nleaves * STRIDE;
    for (size_t o = 0; o < end; o += STRIDE) {
        double dx = x - l[o + LEAF_X];
        double dy = y - l[o + LEAF_Y];
        double c = l[o + LEAF_COS];
        double s = l[o + LEAF_SIN];
        double u = c * dx + s * dy;
        double v = -s * dx + c * dy;
        double r2 = u * u + v * v;
        double lax;
        double lay;
        double lxx;
        double lyy;
        double lxy;
        double lpsi;
        double lsig;
        switch ((int) l[o + LEAF_TYPE]) {
            case POINT_MASS: {
                double k = l[o + LEAF_P0];
                double r4 = r2 * r2;
                lax = k * u / r2;
                lay = k * v / r2;
                lxx = k * (v * v - u * u) / r4;
                lyy = -lxx;
                lxy = -2 * k * u * v / r4;
                lpsi = 0.5 * k * log(r2);
                lsig = 0;
                break;
            }
            case SIS: {
                double a = l[o + LEAF_P0];
                double r = sqrt(r2);
                double r3 = r2 * r;
                lax = a * u / r;
                lay = a * v / r;
                lxx = a * v * v / r3;
                lyy = a * u * u / r3;
                lxy = -a * u * v / r3;
                lpsi = a * r;
                lsig = l[o + LEAF_P1] / r;
                break;
            }
            case PLUMMER: {
                double k = l[o + LEAF_P0];
                double d = r2 + l[o + LEAF_P1];
                double d2 = d * d;
                lax = k * u / d;
                lay = k * v / d;
                lxx = k * (d - 2 * u * u) / d2;
                lyy = k * (d - 2 * v * v) / d2;
                lxy = -2 * k * u * v / d2;
                lpsi = 0.5 * k * log(d);
                lsig = l[o + LEAF_P2] / d2;
                break;
            }
            case NSIE: {
                double f = l[o + LEAF_P0];
                double core = l[o + LEAF_P1];
                double a = l[o + LEAF_P2];
                double q = sqrt(1 - f * f);
                double g2 = f * f * v * v + core * core + u * u;
                double g = sqrt(g2);
                lax = a * atanh_j(u * q / (g + f * core));
                lay = a * atan(f * v * q / (f * g + core));
                double denom = (f * f * v * v + core * core + 2 * f * core * g + f * f * core * core
                        + u * u * f * f) * g;
                lxx = a * q * (f * f * v * v + core * core + f * core * g) / denom;
                lyy = a * f * q * (f * core * core + f * u * u + core * g) / denom;
                lxy = -a * u * v * f * f * q / denom;
                double part = g + core / f;
                lpsi = u * lax + v * lay - l[o + LEAF_P4] * log(part * part + q * q * v * v);
                lsig = l[o + LEAF_P3] * sqrt(f / (u * u + f * f * v * v + core * core));
                break;
            }
            default:
                /* unreachable: load() rejects unknown types */
                lax = lay = lxx = lyy = lxy = lpsi = lsig = NAN;
                break;
        }
        double fac = l[o + LEAF_FACTOR];
        ax += fac * (c * lax - s * lay);
        ay += fac * (s * lax + c * lay);
        axx += fac * (c * c * lxx - 2 * c * s * lxy + s * s * lyy);
        ayy += fac * (s * s * lxx + 2 * c * s * lxy + c * c * lyy);
        axy += fac * (c * s * (lxx - lyy) + (c * c - s * s) * lxy);
        psi += fac * lpsi;
        sigma += fac * lsig;
    }
    double f = p->ratio;
    out[Q_ALPHA_X] = ax;
    out[Q_ALPHA_Y] = ay;
    out[Q_AXX] = axx;
    out[Q_AYY] = ayy;
    out[Q_AXY] = axy;
    out[Q_POTENTIAL] = f * psi;
    out[Q_DENSITY] = sigma;
    out[Q_KAPPA] = sigma / p->critical_density;
    out[Q_INVMAG] = (1 - f * axx) * (1 - f * ayy) - f * f * axy * axy;
    if (p->has_source) {
        /* GaussianSource.brightness(x - f*ax, y - f*ay) */
        double bdx = (x - f * ax) - p->sx;
        double bdy = (y - f * ay) - p->sy;
        out[Q_IMAGE] = exp(-(bdx * bdx + bdy * bdy) / (2 * p->ssigma * p->ssigma));
    } else {
        out[Q_IMAGE] = 0;
    }
}

/* One render of the whole grid; Grid.x(i) and Grid.y(j) as in Java. */
static void render(const Plane *p, double *const maps[QUANTITIES]) {
    const int nx = p->nx;
    const int ny = p->ny;
    const double dx = (p->xmax - p->xmin) / (nx - 1);
    const double dy = (p->ymax - p->ymin) / (ny - 1);
    double point[QUANTITIES];
    for (int j = 0; j < ny; j++) {
        double y = j == ny - 1 ? p->ymax : p->ymin + j * dy;
        size_t row = (size_t) j * (size_t) nx;
        for (int i = 0; i < nx; i++) {
            double x = i == nx - 1 ? p->xmax : p->xmin + i * dx;
            evaluate(p, x, y, point);
            size_t k = row + (size_t) i;
            for (int q = 0; q < QUANTITIES; q++) {
                maps[q][k] = point[q];
            }
        }
    }
}

static double now(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) {
        fail("clock_gettime failed: %s", strerror(errno));
    }
    return (double) t.tv_sec + (double) t.tv_nsec * 1e-9;
}

static void print_number(double v) {
    if (isfinite(v)) {
        printf("%.17g", v);
    } else {
        fputs("null", stdout);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fputs("usage: lens SCENE.bin REPEATS\n", stderr);
        return 2;
    }
    char *end;
    errno = 0;
    long repeats = strtol(argv[2], &end, 10);
    if (errno != 0 || end == argv[2] || *end != '\0' || repeats < 1 || repeats > 1000000) {
        fail("REPEATS must be an integer from 1 to 1000000, got %s", argv[2]);
    }
    Plane p;
    load(argv[1], &p);
    size_t pixels = (size_t) p.nx * (size_t) p.ny;
    if (pixels > SIZE_MAX / sizeof(double)) {
        fail("grid too large: %s", argv[1]);
    }
    double *maps[QUANTITIES];
    for (int q = 0; q < QUANTITIES; q++) {
        maps[q] = malloc(pixels * sizeof(double));
        if (maps[q] == NULL) {
            fail("out of memory for the maps of %s", argv[1]);
        }
    }
    double *seconds = malloc((size_t) repeats * sizeof(double));
    if (seconds == NULL) {
        fail("out of memory for the timings of %s", argv[1]);
    }
    for (long r = 0; r < repeats; r++) {
        double t0 = now();
        render(&p, maps);
        seconds[r] = now() - t0;
    }
    double sums[QUANTITIES];
    for (int q = 0; q < QUANTITIES; q++) {
        double sum = 0;
        for (size_t k = 0; k < pixels; k++) {
            sum += maps[q][k];
        }
        sums[q] = sum;
    }
    printf("{\"pixels\": %zu, \"leaves\": %d, \"seconds\": [", pixels, p.nleaves);
    for (long r = 0; r < repeats; r++) {
        if (r > 0) {
            fputs(", ", stdout);
        }
        print_number(seconds[r]);
    }
    fputs("], \"sums\": [", stdout);
    for (int q = 0; q < QUANTITIES; q++) {
        if (q > 0) {
            fputs(", ", stdout);
        }
        print_number(sums[q]);
    }
    fputs("]}\n", stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fail("cannot write the result: %s", strerror(errno));
    }
    for (int q = 0; q < QUANTITIES; q++) {
        free(maps[q]);
    }
    free(seconds);
    free(p.leaves);
    return 0;
}
