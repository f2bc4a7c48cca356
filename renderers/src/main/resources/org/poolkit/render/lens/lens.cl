/*
 * poolkit lens renderer, OpenCL kernel (single precision, no fp64 needed); host side: OpenClKernel.java.
 *
 * One work-item per pixel of a tile; it sums every leaf lens in the order of the leaf buffer, with the formulas of
 * LensPlane.evaluate. Units (converted on the host, see OpenClPlane.java): lengths are measured from the grid
 * centre in units of the lens scale S, so alpha is alpha_hat/S, the derivatives are dimensionless, psi is
 * psi_hat/S^2 without Dds/Ds and without the constants from taking logarithms, Sigma is in units of Sigma_cr.
 *
 * The layout is defined on the host and comes in as -D macros (OpenClPlane.macros(): LensPlane's constants of the
 * same names, with the device STRIDE and LEAF_X_LO, LEAF_Y_LO added); the kernel's parameters are in the order of
 * OpenClSession.Arg, whose ordinals the host uses as argument indices.
 * leaves: STRIDE floats per leaf: type, cx, cy, cos, sin, factor, p0 .. p5 (rescaled parameters), cx lo, cy lo,
 *         at the offsets LEAF_TYPE .. LEAF_P5, LEAF_X_LO, LEAF_Y_LO; types POINT_MASS, SIS, PLUMMER, NSIE
 * coords: width x hi, width x lo, height y hi, height y lo
 * out:    QUANTITIES blocks of width*height values, block Q_<name> for each quantity (Q_ALPHA_X, Q_ALPHA_Y, Q_AXX,
 *         Q_AYY, Q_AXY, Q_POTENTIAL, Q_DENSITY, Q_KAPPA, Q_INVMAG, Q_IMAGE: the Quantity ordinals), row-major with
 *         x inner; density and kappa are both Sigma/Sigma_cr.
 *
 * A position X travels as hi = (float) X and lo = (float) (X - hi); the offset from a leaf is (hi - hi') + (lo - lo'),
 * whose first difference is exact when the two are close, so offsets near a lens centre keep full float precision.
 */

#if !defined(STRIDE) || !defined(LEAF_TYPE) || !defined(LEAF_X) || !defined(LEAF_Y) || !defined(LEAF_COS) \
    || !defined(LEAF_SIN) || !defined(LEAF_FACTOR) || !defined(LEAF_P0) || !defined(LEAF_P4) \
    || !defined(LEAF_X_LO) || !defined(LEAF_Y_LO) || !defined(POINT_MASS) || !defined(SIS) || !defined(PLUMMER) \
    || !defined(NSIE) || !defined(Q_ALPHA_X) || !defined(Q_IMAGE)
#error "the leaf layout and quantity order are defined by the host as -D macros: OpenClPlane.macros()"
#endif

/* Compensated (Kahan) summation: sum + comp holds the running total to about twice float precision. */
#define ADD(sum, comp, term) { const float y_ = (term) - comp; const float t_ = sum + y_; comp = (t_ - sum) - y_; sum = t_; }

__kernel void lens(__global const float *restrict leaves, const int leafCount,
                   __global const float *restrict coords, const int width, const int height,
                   const float ratio, const int hasSource, const float sourceX, const float sourceY,
                   const float sourceInvTwoSigma2, __global float *restrict out)
{
    const int col = get_global_id(0);
    const int row = get_global_id(1);
    if (col >= width || row >= height) {
        return;
    }
    const float x = coords[col];
    const float xlo = coords[width + col];
    const float y = coords[2 * width + row];
    const float ylo = coords[2 * width + height + row];
    float ax = 0.0f;
    float ay = 0.0f;
    float axx = 0.0f;
    float ayy = 0.0f;
    float axy = 0.0f;
    float psi = 0.0f;
    float sigma = 0.0f;
    float cax = 0.0f;
    float cay = 0.0f;
    float caxx = 0.0f;
    float cayy = 0.0f;
    float caxy = 0.0f;
    float cpsi = 0.0f;
    float csigma = 0.0f;
    for (int i = 0; i < leafCount; i++) {
        __global const float *l = leaves + i * STRIDE;
        const int type = (int) l[LEAF_TYPE];
        const float dx = (x - l[LEAF_X]) + (xlo - l[LEAF_X_LO]);
        const float dy = (y - l[LEAF_Y]) + (ylo - l[LEAF_Y_LO]);
        const float c = l[LEAF_COS];
        const float s = l[LEAF_SIN];
        const float u = c * dx + s * dy;
        const float v = -s * dx + c * dy;
        const float r2 = u * u + v * v;
        float lax;
        float lay;
        float lxx;
        float lyy;
        float lxy;
        float lpsi;
        float lsig;
        if (type == POINT_MASS) {
            const float k = l[LEAF_P0];
            const float r4 = r2 * r2;
            lax = k * u / r2;
            lay = k * v / r2;
            lxx = k * (v * v - u * u) / r4;
            lyy = -lxx;
            lxy = -2.0f * k * u * v / r4;
            lpsi = 0.5f * k * log(r2);
            lsig = 0.0f;
        } else if (type == SIS) {
            const float a = l[LEAF_P0];
            const float r = sqrt(r2);
            const float r3 = r2 * r;
            lax = a * u / r;
            lay = a * v / r;
            lxx = a * v * v / r3;
            lyy = a * u * u / r3;
            lxy = -a * u * v / r3;
            lpsi = a * r;
            lsig = l[LEAF_P1] / r;
        } else if (type == PLUMMER) {
            const float k = l[LEAF_P0];
            const float d = r2 + l[LEAF_P1];
            const float d2 = d * d;
            lax = k * u / d;
            lay = k * v / d;
            lxx = k * (d - 2.0f * u * u) / d2;
            lyy = k * (d - 2.0f * v * v) / d2;
            lxy = -2.0f * k * u * v / d2;
            lpsi = 0.5f * k * log(d);
            lsig = l[LEAF_P2] / d2;
        } else if (type == NSIE) {
            const float f = l[LEAF_P0];
            const float core = l[LEAF_P1];
            const float a = l[LEAF_P2];
            const float q = sqrt(1.0f - f * f);
            const float g2 = f * f * v * v + core * core + u * u;
            const float g = sqrt(g2);
            lax = a * atanh(u * q / (g + f * core));
            lay = a * atan(f * v * q / (f * g + core));
            const float denom = (f * f * v * v + core * core + 2.0f * f * core * g + f * f * core * core
                    + u * u * f * f) * g;
            lxx = a * q * (f * f * v * v + core * core + f * core * g) / denom;
            lyy = a * f * q * (f * core * core + f * u * u + core * g) / denom;
            lxy = -a * u * v * f * f * q / denom;
            const float part = g + core / f;
            lpsi = u * lax + v * lay - l[LEAF_P4] * log(part * part + q * q * v * v);
            lsig = l[LEAF_P3] * sqrt(f / (u * u + f * f * v * v + core * core));
        } else {
            /* unknown types are refused on the host; never reached */
            lax = lay = lxx = lyy = lxy = lpsi = lsig = NAN;
        }
        const float fac = l[LEAF_FACTOR];
        ADD(ax, cax, fac * (c * lax - s * lay));
        ADD(ay, cay, fac * (s * lax + c * lay));
        ADD(axx, caxx, fac * (c * c * lxx - 2.0f * c * s * lxy + s * s * lyy));
        ADD(ayy, cayy, fac * (s * s * lxx + 2.0f * c * s * lxy + c * c * lyy));
        ADD(axy, caxy, fac * (c * s * (lxx - lyy) + (c * c - s * s) * lxy));
        ADD(psi, cpsi, fac * lpsi);
        ADD(sigma, csigma, fac * lsig);
    }
    const size_t n = (size_t) width * (size_t) height;
    const size_t p = (size_t) row * (size_t) width + (size_t) col;
    float image = 0.0f;
    if (hasSource) {
        const float bx = (x - sourceX) + (xlo - ratio * ax);
        const float by = (y - sourceY) + (ylo - ratio * ay);
        image = exp(-(bx * bx + by * by) * sourceInvTwoSigma2);
    }
    out[Q_ALPHA_X * n + p] = ax;
    out[Q_ALPHA_Y * n + p] = ay;
    out[Q_AXX * n + p] = axx;
    out[Q_AYY * n + p] = ayy;
    out[Q_AXY * n + p] = axy;
    out[Q_POTENTIAL * n + p] = psi;
    out[Q_DENSITY * n + p] = sigma;
    out[Q_KAPPA * n + p] = sigma;
    out[Q_INVMAG * n + p] = (1.0f - ratio * axx) * (1.0f - ratio * ayy) - ratio * ratio * axy * axy;
    out[Q_IMAGE * n + p] = image;
}
