/*
 * poolkit lens renderer, OpenCL kernel (single precision, no fp64 needed); host side: OpenClKernel.java.
 *
 * One work-item per pixel of a tile; it sums every leaf lens in the order of the leaf buffer, with the formulas of
 * LensPlane.evaluate. Units (converted on the host, see OpenClPlane.java): lengths are measured from the grid
 * centre in units of the lens scale S, so alpha is alpha_hat/S, the derivatives are dimensionless, psi is
 * psi_hat/S^2 without Dds/Ds and without the constants from taking logarithms, Sigma is in units of Sigma_cr.
 *
 * leaves: STRIDE floats per leaf: type, cx, cy, cos, sin, factor, p0 .. p5 (rescaled parameters), cx lo, cy lo
 * coords: width x hi, width x lo, height y hi, height y lo
 * out:    10 blocks of width*height values, one per quantity (alpha_x, alpha_y, axx, ayy, axy, potential,
 *         density, kappa, invmag, image), row-major with x inner; density and kappa are both Sigma/Sigma_cr.
 *
 * A position X travels as hi = (float) X and lo = (float) (X - hi); the offset from a leaf is (hi - hi') + (lo - lo'),
 * whose first difference is exact when the two are close, so offsets near a lens centre keep full float precision.
 */

#ifndef STRIDE
#error "STRIDE (floats per leaf) is defined by the host: -DSTRIDE=14"
#endif
#define POINT_MASS 1
#define SIS 2
#define PLUMMER 3
#define NSIE 4

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
        const int type = (int) l[0];
        const float dx = (x - l[1]) + (xlo - l[12]);
        const float dy = (y - l[2]) + (ylo - l[13]);
        const float c = l[3];
        const float s = l[4];
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
            const float k = l[6];
            const float r4 = r2 * r2;
            lax = k * u / r2;
            lay = k * v / r2;
            lxx = k * (v * v - u * u) / r4;
            lyy = -lxx;
            lxy = -2.0f * k * u * v / r4;
            lpsi = 0.5f * k * log(r2);
            lsig = 0.0f;
        } else if (type == SIS) {
            const float a = l[6];
            const float r = sqrt(r2);
            const float r3 = r2 * r;
            lax = a * u / r;
            lay = a * v / r;
            lxx = a * v * v / r3;
            lyy = a * u * u / r3;
            lxy = -a * u * v / r3;
            lpsi = a * r;
            lsig = l[7] / r;
        } else if (type == PLUMMER) {
            const float k = l[6];
            const float d = r2 + l[7];
            const float d2 = d * d;
            lax = k * u / d;
            lay = k * v / d;
            lxx = k * (d - 2.0f * u * u) / d2;
            lyy = k * (d - 2.0f * v * v) / d2;
            lxy = -2.0f * k * u * v / d2;
            lpsi = 0.5f * k * log(d);
            lsig = l[8] / d2;
        } else if (type == NSIE) {
            const float f = l[6];
            const float core = l[7];
            const float a = l[8];
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
            lpsi = u * lax + v * lay - l[10] * log(part * part + q * q * v * v);
            lsig = l[9] * sqrt(f / (u * u + f * f * v * v + core * core));
        } else {
            /* unknown types are refused on the host; never reached */
            lax = lay = lxx = lyy = lxy = lpsi = lsig = NAN;
        }
        const float fac = l[5];
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
    out[p] = ax;
    out[n + p] = ay;
    out[2 * n + p] = axx;
    out[3 * n + p] = ayy;
    out[4 * n + p] = axy;
    out[5 * n + p] = psi;
    out[6 * n + p] = sigma;
    out[7 * n + p] = sigma;
    out[8 * n + p] = (1.0f - ratio * axx) * (1.0f - ratio * ayy) - ratio * ratio * axy * axy;
    out[9 * n + p] = image;
}
