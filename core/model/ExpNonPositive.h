#pragma once

#include <cstdint>
#include <cstring>

namespace peftbench {

// Whether the AVX2 + FMA versions of the loops that call expNonPositive() may run here.
inline const bool kCpuHasAvx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

// exp(x) for x ≤ 0 to about 2 ulp: x = n ln2 + r with |r| ≤ ln2/2, exp(r) by Cephes' expf
// polynomial, 2ⁿ built in the exponent bits. Plain float arithmetic, so loops that call it
// vectorise (in files compiled with -fno-trapping-math, which lets GCC blend the selects).
// Below -87 the result would be denormal and is 0 (denormals are flushed in training anyway).
inline float expNonPositive(float input)
{
    const float x = input < -87.0f ? -87.0f : input;
    const float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const int32_t bits = (int32_t(n) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return input < -87.0f ? 0.0f : p * scale;
}

}  // namespace peftbench
